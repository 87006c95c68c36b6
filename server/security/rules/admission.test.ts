import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { SECURITY_LEVELS } from '../../domain/project'
import { CHECKS, ruleAt } from '../catalogue'
import {
  ADMISSION_YAML_PATH,
  PLATFORM_PARAMS,
  admissionObjects,
  admissionYaml,
  checkIdOfPolicy,
  policyName,
  type AdmissionObject,
} from './admission'
import { RULES, SECURITY_LEVEL_LABEL } from './index'

const repository = resolve(import.meta.dirname, '../../..')
const objects = admissionObjects()
const ofKind = <K extends AdmissionObject['kind']>(kind: K) =>
  objects.filter((o): o is Extract<AdmissionObject, { kind: K }> => o.kind === kind)
const bindings = ofKind('ValidatingAdmissionPolicyBinding')
const bindingAt = (checkId: string, level: number) =>
  bindings.find(
    (b) =>
      b.spec.policyName === policyName(checkId) &&
      b.spec.matchResources!.namespaceSelector!.matchLabels![SECURITY_LEVEL_LABEL] === String(level),
  )

describe('the admission policies generated from the rules and the catalogue', () => {
  it('are what infra/platform/security-checks.yaml holds (run npm run security:policies after changing a rule)', () => {
    expect(readFileSync(resolve(repository, ADMISSION_YAML_PATH), 'utf8')).toBe(admissionYaml())
  })

  it('are applied with the platform (infra/platform/kustomization.yaml lists the file)', () => {
    const kustomization = readFileSync(resolve(repository, 'infra/platform/kustomization.yaml'), 'utf8')
    expect(kustomization).toMatch(/^ {2}- security-checks\.yaml$/m)
  })

  it('give each rule one policy whose CEL is the rule’s text, the text the evaluator runs', () => {
    const policies = ofKind('ValidatingAdmissionPolicy')
    expect(policies.map((p) => checkIdOfPolicy(p.metadata!.name!))).toEqual(RULES.map((r) => r.checkId))
    for (const rule of RULES) {
      const spec = policies.find((p) => p.metadata!.name === policyName(rule.checkId))!.spec!
      expect(spec.variables).toEqual(rule.variables.map(({ name, expression }) => ({ name, expression })))
      expect(spec.validations!.map((v) => [v.expression, v.messageExpression])).toEqual(
        rule.validations.map((v) => [v.expression, v.messageExpression]),
      )
      expect(spec.failurePolicy).toBe('Fail')
      expect(Boolean(spec.paramKind)).toBe(rule.params !== 'none')
    }
  })

  it('bind each check at exactly the levels that refuse or warn, with that action', () => {
    for (const check of CHECKS.filter((c) => c.preventable)) {
      for (const level of SECURITY_LEVELS) {
        const enforcement = ruleAt(check, level)?.enforcement
        const binding = bindingAt(check.id, level)
        if (enforcement === 'deny' || enforcement === 'warn') {
          expect(binding?.spec!.validationActions, `${check.id} at level ${level}`).toEqual([
            enforcement === 'deny' ? 'Deny' : 'Warn',
          ])
        } else {
          expect(binding, `${check.id} at level ${level} only detects`).toBeUndefined()
        }
      }
    }
    expect(bindings).toHaveLength(37)
  })

  it('make levels 3, 4 and 5 differ where the catalogue says so', () => {
    expect(bindingAt('GC-WL-02', 3)!.spec.validationActions).toEqual(['Warn'])
    expect(bindingAt('GC-WL-02', 4)!.spec.validationActions).toEqual(['Deny'])
    expect(bindingAt('GC-WL-05', 4)!.spec.validationActions).toEqual(['Warn'])
    expect(bindingAt('GC-WL-05', 5)!.spec.validationActions).toEqual(['Deny'])
    const data = Object.fromEntries(ofKind('ConfigMap').map((c) => [c.metadata!.name!, c.data!]))
    expect(data['govcloud-security-level-3']!.allowedRegistries).toContain('docker.io/library/')
    expect(data['govcloud-security-level-4']!.allowedRegistries).not.toContain('docker.io/')
    expect(data['govcloud-security-level-5']).toMatchObject({
      allowedRegistries: 'registry.langson.gov.vn/',
      imagePinning: 'digest',
    })
  })

  it('point each binding at params that exist, refusing without them only where the level refuses', () => {
    const configMaps = new Set([...ofKind('ConfigMap').map((c) => c.metadata!.name), PLATFORM_PARAMS])
    for (const binding of bindings) {
      const rule = RULES.find((r) => policyName(r.checkId) === binding.spec.policyName)!
      const level = binding.spec.matchResources!.namespaceSelector!.matchLabels![SECURITY_LEVEL_LABEL]
      const ref = binding.spec.paramRef
      if (rule.params === 'none') expect(ref).toBeUndefined()
      else {
        expect(configMaps).toContain(ref!.name)
        expect(ref!.name).toBe(rule.params === 'level' ? `govcloud-security-level-${level}` : PLATFORM_PARAMS)
        expect(ref!.namespace).toBe('govcloud-system')
        expect(ref!.parameterNotFoundAction).toBe(binding.spec.validationActions[0] === 'Deny' ? 'Deny' : 'Allow')
      }
    }
  })

  it('judge Pods’ ephemeral containers, and updates only when what the rule reads changed', () => {
    const spec = (id: string) =>
      ofKind('ValidatingAdmissionPolicy').find((p) => p.metadata!.name === policyName(id))!.spec!
    expect(spec('GC-WL-02').matchConstraints!.resourceRules![0]!.resources).toEqual([
      'pods',
      'pods/ephemeralcontainers',
    ])
    expect(spec('GC-WL-02').matchConditions![0]!.expression).toContain('object.spec != oldObject.spec')
    expect(spec('GC-RBAC-01').matchConditions![0]!.expression).toContain('object.subjects != oldObject.subjects')
  })

  it('name the check in the policy’s name, which refusals and warnings quote', () => {
    expect(checkIdOfPolicy(policyName('GC-NET-03'))).toBe('GC-NET-03')
    expect(checkIdOfPolicy('govcloud-tenant-services')).toBeNull()
  })
})
