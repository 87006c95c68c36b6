// The CEL rules of the preventable checks: one per check, read by the evaluator (../evaluate.ts)
// and by the admission policies' generator (admission.ts).
import type { CelRule, RuleResource } from './model'
import { NETWORK_RULES } from './network'
import { WORKLOAD_RULES } from './workloads'

export * from './model'
export { AGENCY_GROUPS_ANNOTATION } from './network'
export { levelParams, levelParamsName } from './params'

export const RULES: readonly CelRule[] = [...WORKLOAD_RULES, ...NETWORK_RULES]

/** Every kind some rule judges, once each: what a scanner lists. */
export const RULE_RESOURCES: readonly RuleResource[] = [
  ...new Map(RULES.flatMap((rule) => rule.resources).map((r) => [`${r.group}/${r.kind}`, r])).values(),
]
