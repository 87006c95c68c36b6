import { describe, expect, it } from 'vitest'
import {
  hoursInLocalMonth,
  isLocalDate,
  localDateOf,
  localMidnight,
  localMonthOf,
  nextLocalDate,
  nextLocalMonth,
} from './local-calendar'

describe("Việt Nam's calendar (UTC+7, no summer time)", () => {
  it('starts a local day at 17:00 UTC the day before', () => {
    expect(localMidnight('2027-01-01').toISOString()).toBe('2026-12-31T17:00:00.000Z')
    expect(localDateOf(new Date('2026-12-31T16:59:59.999Z'))).toBe('2026-12-31')
    expect(localDateOf(new Date('2026-12-31T17:00:00.000Z'))).toBe('2027-01-01')
  })

  it('puts the UTC hour 17:00-18:00 on the last day of a month into the next local month', () => {
    expect(localMonthOf(new Date('2026-11-30T16:00:00Z'))).toBe('2026-11-01')
    expect(localMonthOf(new Date('2026-11-30T17:00:00Z'))).toBe('2026-12-01')
  })

  it('counts the hours of each kind of month, leap February included', () => {
    expect(hoursInLocalMonth(new Date('2026-12-15T00:00:00Z'))).toBe(744)
    expect(hoursInLocalMonth(new Date('2026-11-15T00:00:00Z'))).toBe(720)
    expect(hoursInLocalMonth(new Date('2027-02-15T00:00:00Z'))).toBe(672)
    expect(hoursInLocalMonth(new Date('2028-02-15T00:00:00Z'))).toBe(696)
    // The last UTC hour of 31 January local is in January; the next one is in February.
    expect(hoursInLocalMonth(new Date('2027-01-31T16:00:00Z'))).toBe(744)
    expect(hoursInLocalMonth(new Date('2027-01-31T17:00:00Z'))).toBe(672)
  })

  it('steps days and months across the year', () => {
    expect(nextLocalDate('2026-12-31')).toBe('2027-01-01')
    expect(nextLocalDate('2028-02-28')).toBe('2028-02-29')
    expect(nextLocalMonth('2026-12-01')).toBe('2027-01-01')
    expect(nextLocalMonth('2027-09-17')).toBe('2027-10-01')
  })

  it('accepts real dates only', () => {
    expect(isLocalDate('2027-02-28')).toBe(true)
    expect(isLocalDate('2028-02-29')).toBe(true)
    for (const bad of ['2027-02-29', '2027-13-01', '2027-1-01', '01/01/2027', '2027-01-01T00:00', ''])
      expect(isLocalDate(bad), bad).toBe(false)
  })
})
