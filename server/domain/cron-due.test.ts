import { describe, expect, it } from 'vitest'
import { lastDueAt, nextDueAt, runOwed } from './cron-due'

const at = (iso: string) => new Date(iso)

describe('lastDueAt: a backup schedule in Việt Nam time', () => {
  it('finds a daily 01:30 (18:30 UTC the day before)', () => {
    // 22:41 UTC on 6 December is 05:41 on the 7th in Việt Nam: that morning's 01:30.
    expect(lastDueAt('30 1 * * *', at('2026-12-06T22:41:00Z'))).toEqual(at('2026-12-06T18:30:00Z'))
    expect(lastDueAt('30 1 * * *', at('2026-12-05T18:30:00Z'))).toEqual(at('2026-12-05T18:30:00Z'))
    expect(lastDueAt('30 1 * * *', at('2026-12-05T18:29:59Z'))).toEqual(at('2026-12-04T18:30:00Z'))
  })

  it('finds a weekly Sunday 02:00, with 0 and 7 both Sunday', () => {
    // Sunday 6 December 2026, 02:00 local is Saturday 5 December 19:00 UTC.
    expect(lastDueAt('0 2 * * 0', at('2026-12-06T22:41:00Z'))).toEqual(at('2026-12-05T19:00:00Z'))
    expect(lastDueAt('0 2 * * 7', at('2026-12-06T22:41:00Z'))).toEqual(at('2026-12-05T19:00:00Z'))
  })

  it('reads lists, ranges and steps, and either day field when both are given', () => {
    expect(lastDueAt('0 */6 * * *', at('2026-12-06T22:41:00Z'))).toEqual(at('2026-12-06T17:00:00Z'))
    expect(lastDueAt('15 8,20 * * 1-5', at('2026-12-07T02:00:00Z'))).toEqual(at('2026-12-07T01:15:00Z'))
    // The 1st of the month or a Monday: Monday 7 December 00:05 local.
    expect(lastDueAt('5 0 1 * 1', at('2026-12-07T00:00:00Z'))).toEqual(at('2026-12-06T17:05:00Z'))
  })

  it('says a run is owed when the schedule fell due after the last run', () => {
    const now = at('2026-12-06T22:41:00Z')
    expect(runOwed('30 1 * * *', null, now)).toBe(true)
    expect(runOwed('30 1 * * *', at('2026-12-06T18:30:05Z'), now)).toBe(false)
    expect(runOwed('30 1 * * *', at('2026-12-06T18:29:00Z'), now)).toBe(true)
  })
})

describe('nextDueAt', () => {
  it('finds the next run after now, never now itself', () => {
    // 02:00 in Việt Nam is 19:00 UTC.
    expect(nextDueAt('0 2 * * *', at('2026-12-06T18:59:30Z'))).toEqual(at('2026-12-06T19:00:00Z'))
    expect(nextDueAt('0 2 * * *', at('2026-12-06T19:00:00Z'))).toEqual(at('2026-12-07T19:00:00Z'))
    // Sunday 13 December 2026, 03:15 in Việt Nam.
    expect(nextDueAt('15 3 * * 0', at('2026-12-07T01:30:00Z'))).toEqual(at('2026-12-12T20:15:00Z'))
  })
})
