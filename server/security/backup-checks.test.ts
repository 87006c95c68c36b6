import { describe, expect, it } from 'vitest'
import { backupHealth, type BackupRun } from '../domain/backup-health'
import { backupObservation } from './backup-checks'

const project = { projectId: 'p-1', agencyId: 'a-1', namespace: 'ubnd-dong-dang-ho-so', securityLevel: 3 as const }
const daily = { schedule: '0 2 * * *', scheduledSince: new Date('2026-12-01T00:00:00Z') }
const run = (name: string, phase: string, startedAt: string): BackupRun => ({
  name,
  phase,
  startedAt,
  completedAt: startedAt,
  bytes: 10,
})

describe('backupObservation (GC-BAK-01, decision 0056)', () => {
  it('finds a failed run at the level’s severity, naming the run', () => {
    const runs = [run('a', 'Completed', '2026-12-05T19:00:00Z'), run('b', 'PartiallyFailed', '2026-12-06T19:00:00Z')]
    const health = backupHealth({ ...daily, runs, now: new Date('2026-12-06T20:00:00Z') })
    expect(backupObservation(project, health)).toMatchObject({
      checkId: 'GC-BAK-01',
      subject: { kind: 'Schedule', namespace: project.namespace, name: project.namespace },
      severity: 'high',
      detail: { state: 'failed', backup: 'b', phase: 'PartiallyFailed', failures: 1 },
    })
    expect(backupObservation({ ...project, securityLevel: 1 }, health)?.severity).toBe('medium')
  })

  it('finds a missing run with its due time, and nothing when the backups are on time', () => {
    const runs = [run('a', 'Completed', '2026-12-05T19:00:00Z')]
    const late = backupHealth({ ...daily, runs, now: new Date('2026-12-06T21:30:00Z') })
    expect(backupObservation(project, late)?.detail).toEqual({ state: 'missing', dueAt: '2026-12-06T19:00:00.000Z' })
    const onTime = backupHealth({ ...daily, runs, now: new Date('2026-12-06T20:30:00Z') })
    expect(backupObservation(project, onTime)).toBeNull()
  })
})
