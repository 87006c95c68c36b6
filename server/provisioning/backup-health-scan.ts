// Each scheduled project's backups judged on a timer (issue 15, decision 0056), by the worker, the
// one process that reaches Velero: the pure health (server/domain/backup-health.ts) of what Velero
// holds becomes GC-BAK-01 in the findings' store, and a newly open finding a notice to the agency's
// staff. A project whose Velero objects could not be read is left out of the scan's scope, so its
// open finding stays as last seen rather than being resolved by silence.
import type { Db } from '../db/client'
import type { PeriodicTask } from '../jobs/worker'
import { backupHealth } from '../domain/backup-health'
import type { SecurityLevel } from '../domain/project'
import { notifyBackupUnhealthy } from '../notifications/backup-notices'
import type { Velero, VeleroItem } from '../platform/kubernetes/velero'
import type { ObjectStorage } from '../platform/storage/object-storage'
import { BACKUP_CHECK_ID, backupObservation } from '../security/backup-checks'
import { recordFindings, type Observation, type RecordedFindings } from '../security/findings'
import { listBackups } from './restores'

export const BACKUP_HEALTH_JOB = 'backup.health'

/** Every 15 minutes: a run counts as missing two hours after its due time, so this is soon enough. */
export function backupHealthSchedule(everyMs = 15 * 60_000): PeriodicTask[] {
  return [{ name: BACKUP_HEALTH_JOB, everyMs, job: { kind: BACKUP_HEALTH_JOB, key: 'all' } }]
}

/** The Schedule's cron (in Việt Nam's time, its CRON_TZ prefix dropped) and when it was made. */
export function scheduleView(schedule: VeleroItem | null) {
  const cron = schedule?.spec?.['schedule']
  return typeof cron === 'string'
    ? { cron: cron.replace(/^CRON_TZ=\S+\s+/, ''), createdAt: schedule?.metadata?.creationTimestamp ?? null }
    : null
}

export interface BackupHealthScan extends RecordedFindings {
  readonly judged: number
  readonly unread: number
  readonly notified: number
}

type ScanDeps = { readonly db: Db; readonly velero: Velero; readonly storage: ObjectStorage }

async function scheduledProjects(db: Db) {
  return db.project.findMany({
    where: { allocation: { state: 'active', backupSchedule: { not: null } } },
    select: {
      id: true,
      namespace: true,
      name: true,
      securityLevel: true,
      agency: { select: { id: true, nameVi: true, nameEn: true } },
    },
    orderBy: { id: 'asc' },
  })
}

export async function scanBackupHealth(deps: ScanDeps, now: Date = new Date()): Promise<BackupHealthScan> {
  const projects = await scheduledProjects(deps.db)
  const judged: string[] = []
  const observations: Observation[] = []
  let unread = 0
  for (const p of projects) {
    const ref = {
      projectId: p.id,
      agencyId: p.agency.id,
      namespace: p.namespace,
      securityLevel: p.securityLevel as SecurityLevel,
    }
    try {
      // Not made yet by the reconciler: nothing is owed before the schedule exists.
      const schedule = scheduleView(await deps.velero.get('schedules', p.namespace))
      if (schedule === null) continue
      const runs = await listBackups(deps, ref)
      const scheduledSince = schedule.createdAt ? new Date(schedule.createdAt) : null
      const observation = backupObservation(ref, backupHealth({ schedule: schedule.cron, scheduledSince, runs, now }))
      judged.push(p.namespace)
      if (observation) observations.push(observation)
    } catch {
      unread++
    }
  }
  const recorded = await recordFindings(deps.db, { checkIds: [BACKUP_CHECK_ID], namespaces: judged }, observations, now)
  let notified = 0
  const byNamespace = new Map(projects.map((p) => [p.namespace, p]))
  for (const o of observations) {
    const p = byNamespace.get(o.subject.namespace)
    const finding = await deps.db.securityFinding.findFirst({
      where: { checkId: BACKUP_CHECK_ID, subjectNamespace: o.subject.namespace, resolvedAt: null },
      select: { id: true },
    })
    if (!p || !finding) continue
    notified += await notifyBackupUnhealthy(deps.db, finding.id, {
      agencyId: p.agency.id,
      projectName: p.name,
      namespace: p.namespace,
      agencyNameVi: p.agency.nameVi,
      agencyNameEn: p.agency.nameEn,
      state: o.detail['state'] === 'missing' ? 'missing' : 'failed',
      failures: typeof o.detail['failures'] === 'number' ? o.detail['failures'] : 0,
      dueAt: typeof o.detail['dueAt'] === 'string' ? o.detail['dueAt'] : '',
    })
  }
  return { ...recorded, judged: judged.length, unread, notified }
}
