import { describe, expect, it } from 'vitest'
import { localMidnight, nextLocalDate } from '../domain/local-calendar'
import { DEFAULT_HOUR_PLAN, HOUR_MS, hoursDue, hourStart, lastFinalDay, localDay, localMonth } from './hours'

const at = (iso: string) => new Date(iso)

describe('the hours the metering passes over', () => {
  it('takes the last complete hour once it has settled, never the current one', () => {
    const plan = { ...DEFAULT_HOUR_PLAN, catchUpHours: 1 }
    // 10:02: the 09:00 hour ended two minutes ago, short of the three it needs to settle.
    expect(hoursDue(at('2026-12-06T10:02:00Z'), [], plan)).toEqual([at('2026-12-06T08:00:00Z')])
    expect(hoursDue(at('2026-12-06T10:03:00Z'), [], plan)).toEqual([at('2026-12-06T09:00:00Z')])
  })

  it('catches up at most the window of missed hours, oldest first, skipping those passed over', () => {
    const now = at('2026-12-06T10:30:00Z')
    const due = hoursDue(now, [{ hour: at('2026-12-06T08:00:00Z'), passes: 2, firstAt: now }], DEFAULT_HOUR_PLAN)
    expect(due).toHaveLength(47)
    expect(due[0]).toEqual(at('2026-12-04T10:00:00Z'))
    expect(due.at(-1)).toEqual(at('2026-12-06T09:00:00Z'))
    expect(due).not.toContainEqual(at('2026-12-06T08:00:00Z'))
  })

  it('passes over an hour a second time an hour after the first, and not a third', () => {
    const plan = { ...DEFAULT_HOUR_PLAN, catchUpHours: 2 }
    const first = { hour: at('2026-12-06T08:00:00Z'), passes: 1, firstAt: at('2026-12-06T09:05:00Z') }
    const nine = { hour: at('2026-12-06T09:00:00Z'), passes: 1, firstAt: at('2026-12-06T10:05:00Z') }
    expect(hoursDue(at('2026-12-06T10:04:00Z'), [first], plan)).toEqual([at('2026-12-06T09:00:00Z')])
    expect(hoursDue(at('2026-12-06T10:06:00Z'), [first, nine], plan)).toEqual([at('2026-12-06T08:00:00Z')])
    expect(hoursDue(at('2026-12-06T10:06:00Z'), [{ ...first, passes: 2 }, nine], plan)).toEqual([])
  })

  it('puts an hour in its Vietnamese day and month (UTC+7)', () => {
    expect(hourStart(at('2026-12-06T10:59:59.999Z'))).toEqual(at('2026-12-06T10:00:00Z'))
    expect(localDay(at('2026-12-06T16:00:00Z'))).toEqual(at('2026-12-06T00:00:00Z'))
    expect(localDay(at('2026-12-06T17:00:00Z'))).toEqual(at('2026-12-07T00:00:00Z'))
    // 31 Dec 17:00 UTC is already 1 January in Lạng Sơn.
    expect(localMonth(at('2026-12-31T17:00:00Z'))).toEqual(at('2027-01-01T00:00:00Z'))
    expect(localMonth(at('2026-12-31T16:00:00Z'))).toEqual(at('2026-12-01T00:00:00Z'))
  })

  it('calls a day final only once no pass, late or caught up, can reach any of its hours', () => {
    // 04:20 UTC: the window reaches back to 5 Dec 04:00 UTC (11:00 local); 4 Dec ended at 17:00 UTC.
    expect(lastFinalDay(at('2026-12-07T04:20:00Z'), DEFAULT_HOUR_PLAN)).toBe('2026-12-04')
    // Its end exactly an hour before the window's first hour: final.
    expect(lastFinalDay(at('2026-12-06T18:03:00Z'), DEFAULT_HOUR_PLAN)).toBe('2026-12-04')
    expect(lastFinalDay(at('2026-12-06T18:02:59Z'), DEFAULT_HOUR_PLAN)).toBe('2026-12-03')
    for (let minute = 0; minute < 3 * 24 * 60; minute += 7) {
      const now = new Date(Date.parse('2026-12-06T00:00:00Z') + minute * 60_000)
      const finalEnds = localMidnight(nextLocalDate(lastFinalDay(now, DEFAULT_HOUR_PLAN))).getTime()
      const due = hoursDue(now, [], DEFAULT_HOUR_PLAN)
      expect(due[0]!.getTime() - finalEnds, now.toISOString()).toBeGreaterThanOrEqual(HOUR_MS)
      expect(due[0]!.getTime() - finalEnds, now.toISOString()).toBeLessThan(26 * HOUR_MS)
    }
  })
})
