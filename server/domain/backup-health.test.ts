import { describe, expect, it } from 'vitest'
import { backupHealth, type BackupRun } from './backup-health'

const run = (name: string, phase: string, startedAt: string): BackupRun => ({
  name,
  phase,
  startedAt,
  completedAt: startedAt,
  bytes: 100,
})
// A daily 02:00 in Việt Nam: 19:00 UTC the day before.
const daily = { schedule: '0 2 * * *', scheduledSince: new Date('2026-12-01T00:00:00Z') }

describe('backupHealth (decision 0056)', () => {
  it("is ok with last night's backup, and says when the next one runs", () => {
    const health = backupHealth({
      ...daily,
      runs: [run('b2', 'Completed', '2026-12-06T19:00:02Z'), run('b1', 'Completed', '2026-12-05T19:00:01Z')],
      now: new Date('2026-12-07T01:30:00Z'),
    })
    expect(health).toMatchObject({ state: 'ok', lastSuccess: { name: 'b2' }, failures: [], missingSince: null })
    expect(health.nextRunAt).toEqual(new Date('2026-12-07T19:00:00Z'))
  })

  it('names the failures since the last success, newest first', () => {
    const health = backupHealth({
      ...daily,
      runs: [
        run('b1', 'Completed', '2026-12-04T19:00:00Z'),
        run('b0', 'Failed', '2026-12-03T19:00:00Z'),
        run('b3', 'PartiallyFailed', '2026-12-06T19:00:00Z'),
        run('b2', 'Failed', '2026-12-05T19:00:00Z'),
      ],
      now: new Date('2026-12-07T01:30:00Z'),
    })
    expect(health.state).toBe('failed')
    expect(health.failures.map((f) => f.name)).toEqual(['b3', 'b2'])
  })

  it('counts a run as missing only past the margin, and not before the schedule existed', () => {
    const runs = [run('b1', 'Completed', '2026-12-05T19:00:00Z')]
    // 19:00 UTC due, 20:30 now: within the two hours' margin.
    expect(backupHealth({ ...daily, runs, now: new Date('2026-12-06T20:30:00Z') }).state).toBe('ok')
    expect(backupHealth({ ...daily, runs, now: new Date('2026-12-06T21:01:00Z') })).toMatchObject({
      state: 'missing',
      missingSince: new Date('2026-12-06T19:00:00Z'),
    })
    const fresh = { ...daily, scheduledSince: new Date('2026-12-06T20:00:00Z') }
    expect(backupHealth({ ...fresh, runs: [], now: new Date('2026-12-06T23:00:00Z') }).state).toBe('ok')
    expect(backupHealth({ ...fresh, runs: [], now: new Date('2026-12-07T21:30:00Z') }).state).toBe('missing')
  })
})
