import { describe, expect, it } from 'vitest'
import {
  ALWAYS_RESERVED,
  approvalPolicyOf,
  defaultThresholds,
  graceMsOf,
  validatePolicySettings,
  type PolicySettings,
} from './platform-policy'
import { DEFAULT_APPROVAL_POLICY } from './security-policy'

const GOOD: PolicySettings = {
  twoOperatorThresholds: defaultThresholds(),
  twoOperatorWindowDays: 30,
  autoApproveDecreases: false,
  autoApproveIncreases: false,
  increaseUsagePercent: 80,
  reservedNamespaces: [...ALWAYS_RESERVED, 'logging'],
  graceDays: 30,
}

const codesAt = (input: unknown) => {
  const result = validatePolicySettings(input)
  return result.ok ? [] : result.issues.map((i) => `${i.path}:${i.error.code}`)
}

describe('the policy a version may say', () => {
  it('the defaults give back the domain’s approval policy exactly', () => {
    expect(validatePolicySettings(GOOD).ok).toBe(true)
    expect(approvalPolicyOf(GOOD)).toEqual(DEFAULT_APPROVAL_POLICY)
    expect(defaultThresholds()).toMatchObject({ cpu: 32, memory: 128, 'volume:*': 2048, buckets: 20 })
  })

  it('turns thresholds into canonical units and the grace period into milliseconds', () => {
    const settings = { ...GOOD, twoOperatorThresholds: { ...GOOD.twoOperatorThresholds, cpu: 4, memory: 8 } }
    const policy = approvalPolicyOf(settings)
    expect(policy.twoOperatorThresholds.cpu).toBe(4000n)
    expect(policy.twoOperatorThresholds.memory).toBe(8n * 2n ** 30n)
    expect(graceMsOf({ ...GOOD, graceDays: 2 })).toBe(2 * 86_400_000)
  })

  it('accepts numbers written as text (a form) and reports every bad field at once', () => {
    expect(validatePolicySettings({ ...GOOD, twoOperatorWindowDays: '45', graceDays: '0' }).ok).toBe(true)
    expect(
      codesAt({
        ...GOOD,
        twoOperatorThresholds: { ...GOOD.twoOperatorThresholds, cpu: 0, gpu: 'một' },
        twoOperatorWindowDays: 366,
        increaseUsagePercent: 101,
        graceDays: -1,
      }),
    ).toEqual([
      'twoOperatorThresholds.cpu:policy.threshold_out_of_range',
      'twoOperatorThresholds.gpu:input.not_integer',
      'twoOperatorWindowDays:policy.window_out_of_range',
      'increaseUsagePercent:policy.usage_percent_out_of_range',
      'graceDays:policy.grace_out_of_range',
    ])
  })

  it('a missing field is required, a fraction is not whole, a flag must be a boolean', () => {
    const { graceDays: _, ...withoutGrace } = GOOD
    expect(codesAt(withoutGrace)).toEqual(['graceDays:input.required'])
    expect(codesAt({ ...GOOD, twoOperatorWindowDays: 1.5 })).toEqual(['twoOperatorWindowDays:input.not_integer'])
    expect(codesAt({ ...GOOD, autoApproveDecreases: 'yes' })).toEqual(['autoApproveDecreases:input.invalid_choice'])
  })

  it('reserved names: valid patterns, never twice, and the platform’s own always kept', () => {
    expect(codesAt({ ...GOOD, reservedNamespaces: [...ALWAYS_RESERVED, 'Logging', '*'] })).toEqual([
      'reservedNamespaces.3:policy.reserved_name_invalid',
      'reservedNamespaces.4:policy.reserved_name_invalid',
    ])
    expect(codesAt({ ...GOOD, reservedNamespaces: ['default', 'kube-*', 'velero', 'velero'] })).toEqual([
      'reservedNamespaces:policy.reserved_name_required',
      'reservedNamespaces:policy.reserved_name_twice',
    ])
    const missing = validatePolicySettings({ ...GOOD, reservedNamespaces: ['default'] })
    expect(missing.ok ? null : missing.error.params).toEqual({ names: 'kube-*, govcloud-*' })
  })

  it('bounds travel with the error, for the message to say them', () => {
    const result = validatePolicySettings({ ...GOOD, increaseUsagePercent: 10 })
    expect(result.ok ? null : result.error.params).toEqual({ min: 50, max: 100 })
  })
})
