import { describe, expect, it } from 'vitest'
import { ConfigError } from '../config/env'
import { approvalPolicyFromEnv } from './from-env'

describe('the two-operator window setting', () => {
  it('is 30 days unless configured', () => {
    expect(approvalPolicyFromEnv({}).twoOperatorWindowDays).toBe(30)
    expect(approvalPolicyFromEnv({ TWO_OPERATOR_WINDOW_DAYS: '' }).twoOperatorWindowDays).toBe(30)
    expect(approvalPolicyFromEnv({ TWO_OPERATOR_WINDOW_DAYS: '90' }).twoOperatorWindowDays).toBe(90)
  })

  it.each(['0', '366', '7.5', 'ba mươi'])('refuses %s, naming the setting', (value) => {
    expect(() => approvalPolicyFromEnv({ TWO_OPERATOR_WINDOW_DAYS: value })).toThrow(
      /TWO_OPERATOR_WINDOW_DAYS must be a whole number of days from 1 to 365/,
    )
    expect(() => approvalPolicyFromEnv({ TWO_OPERATOR_WINDOW_DAYS: value })).toThrow(ConfigError)
  })
})
