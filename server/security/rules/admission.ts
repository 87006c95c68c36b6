// The prevention half of "one rule for prevention and detection" (issue 13, decision 0038): the
// CEL rules (RULES) and the catalogue's enforcement per level become what the API server runs, a
// ValidatingAdmissionPolicy per rule, a binding per level that refuses (Deny) or warns (Warn), and
// the ConfigMaps their params come from. Pure: `npm run security:policies` writes the result into
// infra/platform/security-checks.yaml, and admission.test.ts fails when the two differ.
import { dumpYaml, type V1ConfigMap } from '@kubernetes/client-node'
import type * as k8s from '@kubernetes/client-node'
import { SECURITY_LEVELS, type SecurityLevel } from '../../domain/project'
import { checkById, ruleAt } from '../catalogue'
import { DEFAULT_LEVEL_SETTINGS, type LevelSettings } from '../catalogue/level-settings'
import { RULES } from './index'
import { SECURITY_LEVEL_LABEL, type CelRule, type RuleResource } from './model'
import { levelParams, levelParamsName } from './params'

/** The console's namespace on the cluster, where every policy's params live (govcloud-system.yaml). */
export const PLATFORM_NAMESPACE = 'govcloud-system'
/** The platform's settings (ingress and DNS namespaces), hand-written in infra/platform/govcloud-system.yaml. */
export const PLATFORM_PARAMS = 'govcloud-platform'

const POLICY_PREFIX = 'govcloud-check-'
const LABELS = { 'app.kubernetes.io/part-of': 'govcloud' }
const ADMISSION_API = 'admissionregistration.k8s.io/v1'

export function policyName(checkId: string): string {
  return `${POLICY_PREFIX}${checkId.toLowerCase()}`
}

/** The check a policy enforces, from the name the API server gives in its refusals and warnings. */
export function checkIdOfPolicy(name: string): string | null {
  return name.startsWith(POLICY_PREFIX) ? name.slice(POLICY_PREFIX.length).toUpperCase() : null
}

export type AdmissionObject =
  | (V1ConfigMap & { apiVersion: 'v1'; kind: 'ConfigMap' })
  | (k8s.V1ValidatingAdmissionPolicy & { apiVersion: typeof ADMISSION_API; kind: 'ValidatingAdmissionPolicy' })
  | (k8s.V1ValidatingAdmissionPolicyBinding & {
      apiVersion: typeof ADMISSION_API
      kind: 'ValidatingAdmissionPolicyBinding'
    })

/** Kinds of one API group and version in one rule of matchConstraints. */
function resourceRules(resources: readonly RuleResource[]): k8s.V1NamedRuleWithOperations[] {
  const byGroup = new Map<string, RuleResource[]>()
  for (const r of resources)
    byGroup.set(`${r.group}/${r.version}`, [...(byGroup.get(`${r.group}/${r.version}`) ?? []), r])
  return [...byGroup.values()].map((same) => ({
    apiGroups: [same[0]!.group],
    apiVersions: [same[0]!.version],
    // Ephemeral containers never come with a Pod's create: a person adds them to a running pod
    // through this subresource, whose object is the whole Pod.
    resources: same.flatMap((r) => (r.resource === 'pods' ? ['pods', 'pods/ephemeralcontainers'] : [r.resource])),
    operations: ['CREATE', 'UPDATE'],
  }))
}

/**
 * An update is judged only when it changes what the rules read: a RoleBinding's subjects (its
 * roleRef cannot change), the spec of everything else. Controllers write the metadata of what they
 * run (a Deployment's revision annotation, finalizers, owner references) also when it was admitted
 * before its namespace's level was raised; refusing those writes would stall the controllers. The
 * scanner finds such objects.
 */
function changedCondition(rule: CelRule): k8s.V1MatchCondition {
  const field = rule.resources.every((r) => r.kind === 'RoleBinding') ? 'subjects' : 'spec'
  const [now, before] = [`object.${field}`, `oldObject.${field}`]
  return {
    name: `judged-${field}-changed`,
    expression: `request.operation != 'UPDATE' || (has(${now}) ? !has(${before}) || ${now} != ${before} : has(${before}))`,
  }
}

function policy(rule: CelRule): AdmissionObject {
  return {
    apiVersion: ADMISSION_API,
    kind: 'ValidatingAdmissionPolicy',
    metadata: { name: policyName(rule.checkId), labels: LABELS },
    spec: {
      // An expression that errs refuses (or warns, where the level warns), as the evaluator fails the check.
      failurePolicy: 'Fail',
      ...(rule.params === 'none' ? {} : { paramKind: { apiVersion: 'v1', kind: 'ConfigMap' } }),
      matchConstraints: { resourceRules: resourceRules(rule.resources) },
      matchConditions: [changedCondition(rule)],
      variables: rule.variables.map(({ name, expression }) => ({ name, expression })),
      validations: rule.validations.map((v) => ({
        expression: v.expression,
        messageExpression: v.messageExpression,
        // Shown only when the message itself cannot be computed.
        message: `${rule.checkId}: không đạt kiểm tra an toàn. — Fails security check ${rule.checkId}.`,
        reason: 'Forbidden',
      })),
    },
  }
}

/**
 * Where a binding's params are. A refusing binding whose ConfigMap is missing refuses everything
 * it matches (parameterNotFoundAction Deny: a level's refusals never lapse because a setting was
 * deleted); a warning one admits without judging (Allow), since the API server turns any error of
 * a binding into a refusal, whatever its validationActions.
 */
function paramRef(rule: CelRule, level: SecurityLevel, deny: boolean): { paramRef?: k8s.V1ParamRef } {
  if (rule.params === 'none') return {}
  const name = rule.params === 'level' ? levelParamsName(level) : PLATFORM_PARAMS
  return { paramRef: { name, namespace: PLATFORM_NAMESPACE, parameterNotFoundAction: deny ? 'Deny' : 'Allow' } }
}

/** One binding per level where the catalogue refuses or warns; a level that only detects gets none. */
function bindings(rule: CelRule): AdmissionObject[] {
  const check = checkById(rule.checkId)
  if (!check) throw new Error(`rule ${rule.checkId} has no check in the catalogue`)
  return SECURITY_LEVELS.flatMap((level) => {
    const enforcement = ruleAt(check, level)?.enforcement
    if (enforcement !== 'deny' && enforcement !== 'warn') return []
    const deny = enforcement === 'deny'
    return [
      {
        apiVersion: ADMISSION_API,
        kind: 'ValidatingAdmissionPolicyBinding',
        metadata: { name: `${policyName(rule.checkId)}-level-${level}`, labels: LABELS },
        spec: {
          policyName: policyName(rule.checkId),
          validationActions: [deny ? 'Deny' : 'Warn'],
          ...paramRef(rule, level, deny),
          matchResources: { namespaceSelector: { matchLabels: { [SECURITY_LEVEL_LABEL]: String(level) } } },
        },
      } satisfies AdmissionObject,
    ]
  })
}

function levelConfigMap(level: SecurityLevel, settings: LevelSettings): AdmissionObject {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: levelParamsName(level), namespace: PLATFORM_NAMESPACE, labels: LABELS },
    data: levelParams(level, settings),
  }
}

/**
 * Everything the API server needs to enforce the preventable checks: each level's settings as a
 * ConfigMap, then each rule's policy followed by its bindings.
 */
export function admissionObjects(
  settings: Readonly<Record<SecurityLevel, LevelSettings>> = DEFAULT_LEVEL_SETTINGS,
): AdmissionObject[] {
  return [
    ...SECURITY_LEVELS.map((level) => levelConfigMap(level, settings[level])),
    ...RULES.flatMap((rule) => [policy(rule), ...bindings(rule)]),
  ]
}

/** Where `npm run security:policies` writes, relative to the repository. */
export const ADMISSION_YAML_PATH = 'infra/platform/security-checks.yaml'

const HEADER = `# GENERATED by \`npm run security:policies\` (server/security/rules/admission.ts) from the CEL rules
# in server/security/rules/ and each level's enforcement and settings in server/security/catalogue/:
# do not edit; change those and generate again. server/security/rules/admission.test.ts fails when
# this file differs from what the generator gives. Decision 0038.
#
# One ValidatingAdmissionPolicy per preventable check (govcloud-check-<id>), bound per security level
# by the namespace label ${SECURITY_LEVEL_LABEL}: validationActions Deny where the level
# refuses, Warn where it warns, no binding where it only detects. Params: each level's ConfigMap
# (below) or the platform's (govcloud-platform, govcloud-system.yaml).
`

/** The objects as the YAML file holds them (the key order is the client library's). */
export function admissionYaml(objects: readonly AdmissionObject[] = admissionObjects()): string {
  return HEADER + objects.map((object) => `---\n${dumpYaml(object, { lineWidth: 120, noRefs: true })}`).join('')
}
