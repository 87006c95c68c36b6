import { describe, expect, it } from 'vitest'
import { missingFigures, missingReason } from './missing-figures'

// Local (UTC+7) 7 December 2026, 13:20: the hour 12:00–13:00 local (05:00Z) ended 20 minutes ago.
const now = new Date('2026-12-07T06:20:00Z')
const clock = { now, periodSeconds: 600 }

describe('why a usage figure is missing, and when it will be there', () => {
  it('no quota counts what is requested of object and backup storage: never a figure', () => {
    expect(missingReason('objectStorage', 'requested', 'day', { start: '2026-12-01', recorded: true }, clock)).toEqual({
      key: 'usage.missing.notRequested',
    })
  })

  it('a slot not over yet, or not yet passed over within the catch-up hours, is measured at the next look', () => {
    // Today, recorded or not: its hours are measured as they come, the next by one period from now.
    for (const recorded of [true, false])
      expect(missingReason('cpu', 'used', 'day', { start: '2026-12-07', recorded }, clock)).toEqual({
        key: 'usage.missing.pending',
        at: new Date('2026-12-07T06:30:00Z'),
      })
    // The hour that ended at 13:00 local has settled and waits one period, at the configured period.
    expect(
      missingReason('objectStorage', 'used', 'hour', { start: '2026-12-07T05:00:00Z', recorded: false }, clock),
    ).toEqual({ key: 'usage.missing.pending', at: new Date('2026-12-07T06:30:00Z') })
    expect(
      missingReason(
        'objectStorage',
        'used',
        'hour',
        { start: '2026-12-07T05:00:00Z', recorded: false },
        { now: new Date('2026-12-07T06:01:00Z'), periodSeconds: 900 },
      ),
    ).toEqual({ key: 'usage.missing.pending', at: new Date('2026-12-07T06:18:00Z') })
    // Yesterday never passed over is within the 48 hours caught up.
    expect(missingReason('cpu', 'used', 'day', { start: '2026-12-06', recorded: false }, clock).key).toBe(
      'usage.missing.pending',
    )
  })

  it('older slots without a record were never measured and will not be', () => {
    expect(missingReason('cpu', 'used', 'day', { start: '2026-12-01', recorded: false }, clock)).toEqual({
      key: 'usage.missing.never',
    })
  })

  it('a slot passed over without a reading says so, and when the late pass reads it again', () => {
    // 11:00–12:00 local (04:00Z): first pass by 05:13, late pass an hour later, by 06:23.
    expect(missingReason('cpu', 'used', 'hour', { start: '2026-12-07T04:00:00Z', recorded: true }, clock)).toEqual({
      key: 'usage.missing.noReadingRetry',
      at: new Date('2026-12-07T06:23:00Z'),
    })
    expect(missingReason('objectStorage', 'used', 'day', { start: '2026-12-05', recorded: true }, clock)).toEqual({
      key: 'usage.missing.noBucketReading',
    })
    expect(missingReason('cpu', 'requested', 'day', { start: '2026-12-05', recorded: true }, clock).key).toBe(
      'usage.missing.notCounted',
    )
    expect(missingReason('cpu', 'granted', 'day', { start: '2026-12-05', recorded: true }, clock).key).toBe(
      'usage.missing.notGranted',
    )
  })

  it("reads in the reader's language with the time, never a bare 'chưa đo'", () => {
    const vi = missingFigures('day', clock, 'vi')
    expect(vi('backupStorage', 'used', { start: '2026-12-07', recorded: false })).toBe(
      'chưa đo: chưa đến lượt đo khoảng thời gian này; lần đo tiếp theo trước 07/12/2026 13:30',
    )
    expect(missingFigures('day', clock, 'en')('backupStorage', 'used', { start: '2026-12-01', recorded: false })).toBe(
      'no figures: nothing was measured then (nothing granted yet, or the metering was not running)',
    )
  })
})
