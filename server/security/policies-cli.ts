// `npm run security:policies`: writes the admission policies of the preventable checks, generated
// from the CEL rules and the catalogue (rules/admission.ts), where `stack up kubernetes` and a
// deployment apply them (infra/platform, kustomize).
import { writeFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { ADMISSION_YAML_PATH, admissionObjects, admissionYaml } from './rules/admission'

const objects = admissionObjects()
writeFileSync(resolve(import.meta.dirname, '../..', ADMISSION_YAML_PATH), admissionYaml(objects))
const count = (kind: string) => objects.filter((object) => object.kind === kind).length
console.log(
  `${ADMISSION_YAML_PATH}: ${count('ValidatingAdmissionPolicy')} policies, ` +
    `${count('ValidatingAdmissionPolicyBinding')} bindings, ${count('ConfigMap')} ConfigMaps`,
)
