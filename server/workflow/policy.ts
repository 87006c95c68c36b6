import { z } from 'zod'
import { ConfigError } from '../config/env'
import { DEFAULT_APPROVAL_POLICY, type ApprovalPolicy } from '../domain/security-policy'

// The approval policy as a deployment configures it: the auto-approval rules (both off by
// default) and the usage share the increase rule asks for; the rest are the domain's defaults.

const flag = z
  .preprocess((v) => (v === '' ? undefined : v), z.enum(['0', '1'], { error: 'must be 0 or 1' }).optional())
  .transform((v) => v === '1')

export const policySettingsSchema = z.object({
  /** 1: a submitted decrease is approved at once by the console (audited as automatic). */
  AUTO_APPROVE_DECREASES: flag,
  /** 1: an increase of one step is approved at once when measured use is high and the pools have room. */
  AUTO_APPROVE_INCREASES: flag,
  /** Used ÷ granted, in percent, from which the increase rule takes a project to need more. */
  AUTO_APPROVE_INCREASE_USAGE_PERCENT: z
    .preprocess(
      (v) => (v === '' ? undefined : v),
      z.coerce
        .number({ error: 'must be a whole number from 50 to 100' })
        .int({ error: 'must be a whole number from 50 to 100' })
        .min(50, { error: 'must be a whole number from 50 to 100' })
        .max(100, { error: 'must be a whole number from 50 to 100' })
        .optional(),
    )
    .transform((v) => v ?? DEFAULT_APPROVAL_POLICY.increaseRule.usagePercent),
})

export type PolicySettings = z.infer<typeof policySettingsSchema>

/** The policy from settings already validated (the workflow worker validates them with its own). */
export function policyFromSettings(settings: PolicySettings): ApprovalPolicy {
  return {
    ...DEFAULT_APPROVAL_POLICY,
    autoApproveDecreases: settings.AUTO_APPROVE_DECREASES,
    autoApproveIncreases: settings.AUTO_APPROVE_INCREASES,
    increaseRule: {
      ...DEFAULT_APPROVAL_POLICY.increaseRule,
      usagePercent: settings.AUTO_APPROVE_INCREASE_USAGE_PERCENT,
    },
  }
}

export function approvalPolicyFromEnv(source: Record<string, string | undefined> = process.env): ApprovalPolicy {
  const result = policySettingsSchema.safeParse(source)
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

let deployed: ApprovalPolicy | undefined

/**
 * The deployment's policy for the console's pages, read from the environment once per process
 * (until policies are administered in the console, the domain's defaults with these settings).
 */
export const approvalPolicy = (): ApprovalPolicy => (deployed ??= approvalPolicyFromEnv())
