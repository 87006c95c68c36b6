import { z } from 'zod'
import { ConfigError } from '../config/env'
import { reservedNamespacesFromEnv } from '../config/reserved-names'
import { ALWAYS_RESERVED, defaultThresholds, type PolicySettings } from '../domain/platform-policy'
import { DEFAULT_APPROVAL_POLICY, type ApprovalPolicy } from '../domain/security-policy'

// The policies as the environment gives them (decision 0049: the first version only, seeded once;
// after that the versions kept by the console are in force): the auto-approval rules (both off by
// default), the usage share the increase rule asks for and the window over which a project's
// increases add up for the two-operator rule, the reserved names and the grace period. The
// processes still validate these at start-up, so a bad setting stops them as before.

const flag = z
  .preprocess((v) => (v === '' ? undefined : v), z.enum(['0', '1'], { error: 'must be 0 or 1' }).optional())
  .transform((v) => v === '1')

/** A whole number in [min, max], or unset (then the domain's default). */
const wholeNumber = (min: number, max: number, what: string) =>
  z.preprocess(
    (v) => (v === '' ? undefined : v),
    z.coerce
      .number({ error: `must be ${what}` })
      .int({ error: `must be ${what}` })
      .min(min, { error: `must be ${what}` })
      .max(max, { error: `must be ${what}` })
      .optional(),
  )

export const policyEnvSchema = z.object({
  /** 1: a submitted decrease is approved at once by the console (audited as automatic). */
  AUTO_APPROVE_DECREASES: flag,
  /** 1: an increase of one step is approved at once when measured use is high and the pools have room. */
  AUTO_APPROVE_INCREASES: flag,
  /** Used ÷ granted, in percent, from which the increase rule takes a project to need more. */
  AUTO_APPROVE_INCREASE_USAGE_PERCENT: wholeNumber(50, 100, 'a whole number from 50 to 100').transform(
    (v) => v ?? DEFAULT_APPROVAL_POLICY.increaseRule.usagePercent,
  ),
  /**
   * Days over which a project's approved grants and increases add up before the two-operator
   * thresholds are applied (decision 0029): a large increase split into small ones still needs two.
   */
  TWO_OPERATOR_WINDOW_DAYS: wholeNumber(1, 365, 'a whole number of days from 1 to 365').transform(
    (v) => v ?? DEFAULT_APPROVAL_POLICY.twoOperatorWindowDays,
  ),
})

export type PolicyEnvSettings = z.infer<typeof policyEnvSchema>

/** The policy from settings already validated (the workflow worker validates them with its own). */
export function policyFromSettings(settings: PolicyEnvSettings): ApprovalPolicy {
  return {
    ...DEFAULT_APPROVAL_POLICY,
    autoApproveDecreases: settings.AUTO_APPROVE_DECREASES,
    autoApproveIncreases: settings.AUTO_APPROVE_INCREASES,
    twoOperatorWindowDays: settings.TWO_OPERATOR_WINDOW_DAYS,
    increaseRule: {
      ...DEFAULT_APPROVAL_POLICY.increaseRule,
      usagePercent: settings.AUTO_APPROVE_INCREASE_USAGE_PERCENT,
    },
  }
}

export function approvalPolicyFromEnv(source: Record<string, string | undefined> = process.env): ApprovalPolicy {
  const result = policyEnvSchema.safeParse(source)
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map((issue) => ({
        setting: issue.path.map(String).join('.') || '(environment)',
        message: issue.message,
      })),
    )
  }
  return policyFromSettings(result.data)
}

const graceDaysSchema = z.object({
  PROVISIONING_GRACE_DAYS: z
    .preprocess((v) => (v === '' ? undefined : v), z.coerce.number().int().min(0).max(365).optional())
    .transform((v) => v ?? 30),
})

/** The first version's content, from the same settings every process reads. */
export function seedSettingsFromEnv(source: Record<string, string | undefined> = process.env): PolicySettings {
  const approval = approvalPolicyFromEnv(source)
  const grace = graceDaysSchema.safeParse(source)
  if (!grace.success)
    throw new ConfigError([
      { setting: 'PROVISIONING_GRACE_DAYS', message: 'must be a whole number of days from 0 to 365' },
    ])
  return {
    twoOperatorThresholds: defaultThresholds(),
    twoOperatorWindowDays: approval.twoOperatorWindowDays,
    autoApproveDecreases: approval.autoApproveDecreases,
    autoApproveIncreases: approval.autoApproveIncreases,
    increaseUsagePercent: approval.increaseRule.usagePercent,
    reservedNamespaces: [...new Set([...ALWAYS_RESERVED, ...reservedNamespacesFromEnv(source)])],
    graceDays: grace.data.PROVISIONING_GRACE_DAYS,
  }
}
