// One home for the CEL rules of the preventable checks (issue 13, decision 0038): each rule is
// written once here, in the shape of a ValidatingAdmissionPolicy (variables, then validations with
// their messages), and runs in two places: generated into infra/platform/security-checks.yaml for
// the API server (npm run security:policies), and compiled by the console's evaluator
// (../evaluate.ts) for what already exists. The expressions use only what both have: the CEL of
// Kubernetes 1.34 (optional syntax, strings extension v2) and @marcbachmann/cel-js.
import { LABELS } from '../../domain/ownership-labels'

/**
 * The label on a project's namespace that says its security level (Decree 85/2016, 1-5): the
 * console writes it (server/provisioning/desired/namespace.ts), the admission policies' bindings
 * select by it (admission.ts) and the scanner reads it.
 */
export const SECURITY_LEVEL_LABEL = LABELS.securityLevel

/** A kind a rule judges: its API group, version, plural resource and kind. */
export interface RuleResource {
  readonly group: string
  readonly version: string
  readonly resource: string
  readonly kind: string
}

/**
 * Where a rule's `params` come from: `level`, the level's settings (the ConfigMap
 * govcloud-security-level-<n> in govcloud-system, from level-settings.ts); `platform`, the
 * platform's settings (the ConfigMap govcloud-platform: ingress and DNS namespaces); or none.
 */
export type ParamSource = 'level' | 'platform' | 'none'

export interface CelVariable {
  readonly name: string
  readonly expression: string
}

export interface CelValidation {
  /** True when the object passes. */
  readonly expression: string
  /** The refusal or warning, Vietnamese first, then English. */
  readonly messageExpression: string
}

export interface CelRule {
  readonly checkId: string
  readonly resources: readonly RuleResource[]
  readonly params: ParamSource
  readonly variables: readonly CelVariable[]
  readonly validations: readonly CelValidation[]
}

/** The ConfigMap data a rule with `params: 'platform'` reads (infra/platform/govcloud-system.yaml). */
export interface PlatformParams {
  readonly ingressNamespace: string
  readonly dnsNamespace: string
}

/** Joins lines of a long CEL expression: the YAML and the evaluator get the same text. */
export function cel(...lines: string[]): string {
  return lines.join(' ')
}
