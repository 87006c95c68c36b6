// The platform's policies as platform administrators edit them (issue 15, decision 0049): the
// approval policy's settings (two-operator thresholds and window, auto-approval of decreases and
// of small increases with the usage share it needs), the reserved namespace names and the grace
// period before an ended allocation's data is deleted. Kept as append-only versions; this file is
// the rule for what a version may say and how it becomes the policy the readers apply.
import { z } from 'zod'
import { domainError, issue, validation, type DomainErrorCode, type FieldIssue, type Validation } from './errors'
import { ANY_VOLUME, DEFAULT_APPROVAL_POLICY, type ApprovalPolicy } from './security-policy'

const GiB = 2n ** 30n

/** Each threshold in the unit a person writes it in, and that unit's size in canonical units. */
export const THRESHOLD_UNITS = {
  cpu: { unit: 'vCPU', canonical: 1000n },
  memory: { unit: 'GiB', canonical: GiB },
  pods: { unit: 'pods', canonical: 1n },
  gpu: { unit: 'GPU', canonical: 1n },
  [ANY_VOLUME]: { unit: 'GiB', canonical: GiB },
  objectStorage: { unit: 'GiB', canonical: GiB },
  buckets: { unit: 'buckets', canonical: 1n },
  backupStorage: { unit: 'GiB', canonical: GiB },
} as const
export type ThresholdKey = keyof typeof THRESHOLD_UNITS
export const THRESHOLD_KEYS = Object.keys(THRESHOLD_UNITS) as ThresholdKey[]

/** The names no version may give up: without them the reconciler could adopt Kubernetes' own. */
export const ALWAYS_RESERVED: readonly string[] = ['default', 'kube-*', 'govcloud-*']

export const POLICY_BOUNDS = {
  threshold: { min: 1, max: 1_000_000 },
  windowDays: { min: 1, max: 365 },
  usagePercent: { min: 50, max: 100 },
  graceDays: { min: 0, max: 365 },
  reservedNames: { max: 100 },
} as const

/** One version's content: whole numbers in the units above, so a person reads it as stored. */
export interface PolicySettings {
  readonly twoOperatorThresholds: Readonly<Record<ThresholdKey, number>>
  readonly twoOperatorWindowDays: number
  readonly autoApproveDecreases: boolean
  readonly autoApproveIncreases: boolean
  readonly increaseUsagePercent: number
  readonly reservedNamespaces: readonly string[]
  readonly graceDays: number
}

const NAME_PATTERN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$|^[a-z0-9][-a-z0-9]*\*$/

const whole = (bounds: { min: number; max: number }, code: DomainErrorCode) =>
  z.coerce
    .number({ error: 'input.not_integer' })
    .int({ error: 'input.not_integer' })
    .min(bounds.min, { error: code })
    .max(bounds.max, { error: code })

const reservedName = z
  .string({ error: 'input.not_text' })
  .max(63, { error: 'policy.reserved_name_invalid' })
  .regex(NAME_PATTERN, { error: 'policy.reserved_name_invalid' })

export const policyVersionSchema = z.object({
  twoOperatorThresholds: z.object(
    Object.fromEntries(
      THRESHOLD_KEYS.map((key) => [key, whole(POLICY_BOUNDS.threshold, 'policy.threshold_out_of_range')]),
    ) as Record<ThresholdKey, ReturnType<typeof whole>>,
    { error: 'input.not_object' },
  ),
  twoOperatorWindowDays: whole(POLICY_BOUNDS.windowDays, 'policy.window_out_of_range'),
  autoApproveDecreases: z.boolean({ error: 'input.invalid_choice' }),
  autoApproveIncreases: z.boolean({ error: 'input.invalid_choice' }),
  increaseUsagePercent: whole(POLICY_BOUNDS.usagePercent, 'policy.usage_percent_out_of_range'),
  reservedNamespaces: z
    .array(reservedName, { error: 'input.not_list' })
    .max(POLICY_BOUNDS.reservedNames.max, { error: 'policy.too_many_reserved_names' }),
  graceDays: whole(POLICY_BOUNDS.graceDays, 'policy.grace_out_of_range'),
})

const BOUND_OF: Partial<Record<DomainErrorCode, { min: number; max: number }>> = {
  'policy.threshold_out_of_range': POLICY_BOUNDS.threshold,
  'policy.window_out_of_range': POLICY_BOUNDS.windowDays,
  'policy.usage_percent_out_of_range': POLICY_BOUNDS.usagePercent,
  'policy.grace_out_of_range': POLICY_BOUNDS.graceDays,
  'policy.too_many_reserved_names': { min: 0, max: POLICY_BOUNDS.reservedNames.max },
}

function codeOf(message: string): DomainErrorCode {
  return message.startsWith('policy.') || message.startsWith('input.') ? (message as DomainErrorCode) : 'input.required'
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input
  for (const key of path)
    value = value !== null && typeof value === 'object' ? (value as Record<PropertyKey, unknown>)[key] : undefined
  return value
}

/** The rules zod cannot say alone: the names the platform always keeps, and no name twice. */
function reservedNameIssues(names: readonly string[]): FieldIssue[] {
  const issues: FieldIssue[] = []
  const missing = ALWAYS_RESERVED.filter((name) => !names.includes(name))
  if (missing.length > 0)
    issues.push(
      issue('reservedNamespaces', domainError('policy.reserved_name_required', { names: missing.join(', ') })),
    )
  const seen = new Set<string>()
  for (const name of names) {
    if (seen.has(name)) issues.push(issue('reservedNamespaces', domainError('policy.reserved_name_twice', { name })))
    seen.add(name)
  }
  return issues
}

/** Validates a new version (from the form or the API), reporting every problem at its field. */
export function validatePolicySettings(input: unknown): Validation<PolicySettings> {
  const parsed = policyVersionSchema.safeParse(input)
  if (!parsed.success) {
    return validation<PolicySettings>(
      parsed.error.issues.map((problem) => {
        const code = valueAt(input, problem.path) === undefined ? 'input.required' : codeOf(problem.message)
        const bound = BOUND_OF[code]
        return issue(problem.path.map(String).join('.'), domainError(code, bound ? { ...bound } : {}))
      }),
      () => {
        throw new Error('unreachable')
      },
    )
  }
  const names = parsed.data.reservedNamespaces
  return validation(reservedNameIssues(names), () => parsed.data)
}

/** The approval policy a version gives: its settings over the domain's other defaults. */
export function approvalPolicyOf(settings: PolicySettings): ApprovalPolicy {
  const thresholds = Object.fromEntries(
    THRESHOLD_KEYS.map((key) => [key, BigInt(settings.twoOperatorThresholds[key]) * THRESHOLD_UNITS[key].canonical]),
  )
  return {
    ...DEFAULT_APPROVAL_POLICY,
    twoOperatorThresholds: thresholds,
    twoOperatorWindowDays: settings.twoOperatorWindowDays,
    autoApproveDecreases: settings.autoApproveDecreases,
    autoApproveIncreases: settings.autoApproveIncreases,
    increaseRule: { ...DEFAULT_APPROVAL_POLICY.increaseRule, usagePercent: settings.increaseUsagePercent },
  }
}

/** The default thresholds in the units above (the domain's, which are whole in them). */
export function defaultThresholds(): Record<ThresholdKey, number> {
  return Object.fromEntries(
    THRESHOLD_KEYS.map((key) => [
      key,
      Number((DEFAULT_APPROVAL_POLICY.twoOperatorThresholds[key] ?? 0n) / THRESHOLD_UNITS[key].canonical),
    ]),
  ) as Record<ThresholdKey, number>
}

const DAY_MS = 86_400_000
export const graceMsOf = (settings: PolicySettings): number => settings.graceDays * DAY_MS
