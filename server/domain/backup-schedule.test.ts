import { describe, expect, it } from 'vitest'
import {
  checkFrequency,
  cronToPreset,
  parseTime,
  presetToCron,
  runsPerDay,
  validateCron,
  validateRetentionDays,
} from './backup-schedule'

describe('validateCron', () => {
  it.each([
    ['0 2 * * *', '0 2 * * *'],
    ['  30   1 * * 0 ', '30 1 * * 0'],
    ['0 */6 * * *', '0 */6 * * *'],
    ['15 3 1,15 * *', '15 3 1,15 * *'],
    ['0 22 * * 1-5', '0 22 * * 1-5'],
    ['0 0 1 1-12/3 *', '0 0 1 1-12/3 *'],
    ['0 4 * * 7', '0 4 * * 7'],
  ])('accepts %s', (input, normalised) => {
    expect(validateCron(input)).toEqual({ ok: true, value: normalised })
  })

  it.each([
    '* * * * *', // every minute: far too often
    '*/5 * * * *',
    '0 2 * *',
    '0 2 * * * *',
    '60 2 * * *',
    '0 24 * * *',
    '0 2 0 * *',
    '0 2 32 * *',
    '0 2 * 13 *',
    '0 2 * * 8',
    '0 5-2 * * *',
    '0 */0 * * *',
    '0 2 * * MON',
    '',
    'daily',
  ])('refuses %s', (input) => {
    const result = validateCron(input)
    expect(!result.ok && result.error.code).toBe('request.schedule_invalid')
  })
})

describe('presets', () => {
  it('turns presets into cron and back', () => {
    expect(presetToCron({ kind: 'daily', time: '02:00' })).toEqual({ ok: true, value: '0 2 * * *' })
    expect(presetToCron({ kind: 'weekly', dayOfWeek: 0, time: '23:30' })).toEqual({ ok: true, value: '30 23 * * 0' })
    expect(cronToPreset('0 2 * * *')).toEqual({ kind: 'daily', time: '02:00' })
    expect(cronToPreset('30 23 * * 0')).toEqual({ kind: 'weekly', dayOfWeek: 0, time: '23:30' })
    expect(cronToPreset('5 1 * * 7')).toEqual({ kind: 'weekly', dayOfWeek: 0, time: '01:05' })
    expect(cronToPreset('0 */6 * * *')).toBeNull()
  })

  it('refuses bad times and days', () => {
    expect(presetToCron({ kind: 'daily', time: '24:00' })).toMatchObject({
      ok: false,
      error: { code: 'request.time_invalid' },
    })
    expect(presetToCron({ kind: 'daily', time: '2h' })).toMatchObject({
      ok: false,
      error: { code: 'request.time_invalid' },
    })
    expect(presetToCron({ kind: 'weekly', dayOfWeek: 7, time: '02:00' })).toMatchObject({
      ok: false,
      error: { code: 'request.schedule_invalid' },
    })
    expect(parseTime('7:05')).toEqual({ ok: true, value: { hour: 7, minute: 5 } })
    expect(parseTime('07:60').ok).toBe(false)
  })
})

describe('validateRetentionDays', () => {
  it('accepts whole days from 1 to 3650', () => {
    for (const days of [1, 30, 3650]) expect(validateRetentionDays(days)).toEqual({ ok: true, value: days })
  })

  it.each([0, 3651, -1, 1.5, Number.NaN])('refuses %s', (days) => {
    const result = validateRetentionDays(days)
    expect(!result.ok && result.error).toMatchObject({
      code: 'request.retention_out_of_range',
      params: { min: 1, max: 3650 },
    })
  })
})

describe('checkFrequency: how often a level may back up', () => {
  it.each([
    ['0 2 * * *', 1, 1],
    ['0 2 * * 0', 1, 1],
    ['0 */6 * * *', 4, 3],
    ['0 1,7,13,19 * * *', 4, 3],
    ['0 * * * *', 24, 4],
    ['0 8-17 * * 1-5', 10, 5],
  ])('%s runs %i times a day, allowed from level %i', (schedule, runs, level) => {
    expect(runsPerDay(schedule)).toBe(runs)
    expect(checkFrequency(schedule, level)).toEqual({ ok: true, value: schedule })
  })

  it('refuses a schedule that runs more often than the level allows, saying how often and the limit', () => {
    expect(checkFrequency('0 */6 * * *', 2)).toEqual({
      ok: false,
      error: {
        code: 'request.schedule_too_frequent',
        params: { schedule: '0 */6 * * *', runs: 4, max: 1, level: 2 },
      },
    })
    expect(checkFrequency('0 */2 * * *', 3)).toMatchObject({ ok: false, error: { params: { runs: 12, max: 4 } } })
  })
})
