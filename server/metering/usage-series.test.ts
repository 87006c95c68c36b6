import { describe, expect, it } from 'vitest'
import {
  averageOf,
  EMPTY_SUMS,
  hourSums,
  instantOf,
  requestedWindow,
  slotsOf,
  usageSeries,
  windowEndingAt,
} from './usage-series'

const day = (usedSum: bigint, usedHours: number, grantedSum: bigint, hours = 24) => ({
  ...EMPTY_SUMS,
  hours,
  usedHours,
  usedSum,
  usedPeak: usedSum,
  grantedHours: hours,
  grantedSum,
})

describe('windows and slots', () => {
  const now = new Date('2026-12-06T22:21:00Z') // 05:21 on 7 December in Việt Nam
  it('ends at the last complete hour, at tomorrow (local) and at next month', () => {
    expect(windowEndingAt('hour', now)).toEqual({ from: '2026-12-04T22:00:00.000Z', to: '2026-12-06T22:00:00.000Z' })
    expect(windowEndingAt('day', now)).toEqual({ from: '2026-11-07', to: '2026-12-08' })
    expect(windowEndingAt('month', now)).toEqual({ from: '2026-01-01', to: '2027-01-01' })
  })
  it('lists every slot of the window', () => {
    expect(slotsOf('hour', windowEndingAt('hour', now))).toHaveLength(48)
    expect(slotsOf('day', windowEndingAt('day', now))).toHaveLength(31)
    const months = slotsOf('month', windowEndingAt('month', now))
    expect(months).toHaveLength(12)
    expect(months.at(-1)).toBe('2026-12-01')
  })
})

describe('usageSeries', () => {
  it('averages over the measured hours only, half up, and sums a month from its days', () => {
    expect(averageOf(5n, 2)).toBe(3n)
    expect(averageOf(4n, 3)).toBe(1n)
    expect(averageOf(0n, 0)).toBeNull()
    const series = usageSeries(
      ['2026-11-01', '2026-12-01'],
      [
        // A day measured all day and a day measured for 12 hours: 3,600 millicore-hours over 36 hours.
        { resource: 'cpu', slot: '2026-12-01', sums: day(2400n, 24, 24_000n) },
        { resource: 'cpu', slot: '2026-12-01', sums: day(1200n, 12, 24_000n) },
      ],
    )
    expect(series).toHaveLength(1)
    const [november, december] = series[0]!.points
    expect(november).toMatchObject({ start: '2026-11-01', hours: 0, used: null, granted: null })
    expect(december).toMatchObject({ hours: 48, usedHours: 36, used: 100n, granted: 1000n, usedPeak: 2400n })
  })

  it('keeps an hour without a measurement as not measured, never zero', () => {
    const sums = hourSums({ used: null, usedPeak: null, requested: 500n, granted: 1000n })
    const [point] = usageSeries(['h'], [{ resource: 'cpu', slot: 'h', sums }])[0]!.points
    expect(point).toMatchObject({ hours: 1, usedHours: 0, used: null, requested: 500n, granted: 1000n })
  })
})

describe('requestedWindow', () => {
  const now = new Date('2026-12-06T22:21:00Z')
  it('takes local dates and instants, flooring from and rounding to up to a slot', () => {
    expect(requestedWindow('day', { from: '2026-12-01', to: '2026-12-03' }, now)).toEqual({
      ok: true,
      window: { from: '2026-12-01', to: '2026-12-03' },
    })
    // 23:30 UTC on 1 December is 06:30 on the 2nd in Việt Nam.
    expect(requestedWindow('day', { from: '2026-12-01T23:30:00Z', to: '2026-12-03T00:00:00+07:00' }, now)).toEqual({
      ok: true,
      window: { from: '2026-12-02', to: '2026-12-03' },
    })
    expect(requestedWindow('hour', { from: '2026-12-06T10:30:00Z', to: '2026-12-06T12:10:00Z' }, now)).toEqual({
      ok: true,
      window: { from: '2026-12-06T10:00:00.000Z', to: '2026-12-06T13:00:00.000Z' },
    })
    expect(requestedWindow('month', { to: '2027-01-01' }, now)).toEqual({
      ok: true,
      window: windowEndingAt('month', now),
    })
    expect(requestedWindow('hour', {}, now)).toEqual({ ok: true, window: windowEndingAt('hour', now) })
  })

  it('refuses unreadable dates, empty windows and windows past the limit', () => {
    expect(instantOf('2026-02-31')).toBeNull()
    expect(instantOf('1999-12-31')).toBeNull()
    expect(instantOf('hôm qua')).toBeNull()
    expect(requestedWindow('day', { from: '2026-02-31' }, now)).toEqual({ ok: false, refused: 'from' })
    expect(requestedWindow('day', { to: 'x' }, now)).toEqual({ ok: false, refused: 'to' })
    expect(requestedWindow('day', { from: '2026-12-03', to: '2026-12-03' }, now)).toEqual({
      ok: false,
      refused: 'window',
    })
    // A year of hours is never read: 744 hours at most.
    expect(requestedWindow('hour', { from: '2026-01-01', to: '2026-12-01' }, now)).toEqual({
      ok: false,
      refused: 'window',
    })
    expect(requestedWindow('hour', { from: '2026-11-01', to: '2026-12-01' }, now).ok).toBe(true)
    expect(requestedWindow('month', { from: '2001-01-01', to: '8999-01-01' }, now)).toEqual({
      ok: false,
      refused: 'window',
    })
  })
})
