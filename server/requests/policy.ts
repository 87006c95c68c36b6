import { z } from 'zod'
import { ConfigError } from '../config/env'
import { DEFAULT_APPROVAL_POLICY, type ApprovalPolicy } from '../domain/security-policy'

// The approval policy as a deployment configures it. Only the auto-approval of decreases is a
// setting for now (AUTO_APPROVE_DECREASES=1, off by default); the rest are the domain's defaults.

const flag = z
  .preprocess((v) => (v === '' ? undefined : v), z.enum(['0', '1'], { error: 'must be 0 or 1' }).optional())
  .transform((v) => v === '1')

export const policySettingsSchema = z.object({
  /** 1: a submitted decrease is approved at once by the console (audited as automatic). */
  AUTO_APPROVE_DECREASES: flag,
})

export function approvalPolicyFromEnv(source: Record<string, string | undefined> = process.env): ApprovalPolicy {
  const result = policySettingsSchema.safeParse(source)
  if (!result.success) {
    throw new ConfigError(result.error.issues.map((issue) => ({ setting: issue.path.map(String).join('.') || '(environment)', message: issue.message })))
  }
  return { ...DEFAULT_APPROVAL_POLICY, autoApproveDecreases: result.data.AUTO_APPROVE_DECREASES }
}
