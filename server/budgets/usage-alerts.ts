// A metered hour's use against each project's grants (decision 0050): page by page of the projects
// the metering meters, each alerted resource's current record of the hour through the hysteresis
// (server/domain/usage-alerts.ts), and a level that went up told in the transaction that stores it.
// Only changed levels are written: a quiet resource costs no row.
import type { Db } from '../db/client'
import { stepUsageAlert, ALERTED_RESOURCES } from '../domain/usage-alerts'
import { NO_LEVEL, permille } from '../domain/threshold-levels'
import { projectPage, recordedHours, recordKey } from '../metering/facts'
import { usageAlertKey } from '../notifications/alert-plan'
import { notifyAlert } from '../notifications/alert-record'

export interface LevelChange {
  readonly projectId: string
  readonly resource: string
  readonly level: number
  readonly permille: number | null
  readonly raised: boolean
  readonly operators: boolean
}

/** The page's changes: every resource whose level moved at this hour. */
async function pageChanges(db: Db, ids: readonly string[], hour: Date): Promise<LevelChange[]> {
  const [recorded, states] = await Promise.all([
    recordedHours(db, ids, hour),
    db.usageAlertState.findMany({
      where: { projectId: { in: [...ids] } },
      select: { projectId: true, resource: true, level: true },
    }),
  ])
  const levels = new Map(states.map((s) => [recordKey(s.projectId, s.resource), s.level]))
  const changes: LevelChange[] = []
  for (const projectId of ids) {
    for (const resource of ALERTED_RESOURCES) {
      const key = recordKey(projectId, resource)
      const record = recorded.get(key)
      const current = levels.get(key) ?? NO_LEVEL
      if (!record) continue
      const step = stepUsageAlert(resource, current, record)
      if (step.level === current) continue
      const used = resource === 'cpu' ? record.used : (record.usedPeak ?? record.used)
      changes.push({ projectId, resource, ...step, permille: permille(used, record.granted) })
    }
  }
  return changes
}

/** Stores the changes and tells of the raises, in one transaction per page. */
async function writeChanges(db: Db, hour: Date, changes: readonly LevelChange[]): Promise<number> {
  if (changes.length === 0) return 0
  const raisedIds = [...new Set(changes.filter((c) => c.raised).map((c) => c.projectId))]
  const projects = new Map(
    (
      await db.project.findMany({
        where: { id: { in: raisedIds } },
        select: {
          id: true,
          name: true,
          namespace: true,
          agencyId: true,
          agency: { select: { nameVi: true, nameEn: true } },
        },
      })
    ).map((p) => [p.id, p]),
  )
  const now = new Date()
  return db.$transaction(async (tx) => {
    let told = 0
    for (const change of changes) {
      const fields = { level: change.level, permille: change.permille, hour, changedAt: now }
      await tx.usageAlertState.upsert({
        where: { projectId_resource: { projectId: change.projectId, resource: change.resource } },
        create: { projectId: change.projectId, resource: change.resource, ...fields },
        update: fields,
      })
      const project = projects.get(change.projectId)
      if (!change.raised || !project) continue
      const made = await notifyAlert(tx, {
        kind: 'usage_threshold',
        agencyId: project.agencyId,
        toOperators: change.operators,
        link: `/projects/${project.namespace}`,
        params: {
          projectName: project.name,
          agencyNameVi: project.agency.nameVi,
          agencyNameEn: project.agency.nameEn,
          resource: change.resource,
          level: change.level,
          permille: change.permille,
        },
        onceKey: usageAlertKey(change.projectId, change.resource, hour, change.level),
      })
      told += made.length
    }
    return told
  })
}

export interface UsageHourReport {
  readonly changes: number
  readonly notices: number
}

/** One metered hour over every metered project. */
export async function evaluateUsageHour(db: Db, hour: Date, pageSize = 500): Promise<UsageHourReport> {
  let after: string | null = null
  let changes = 0
  let notices = 0
  for (;;) {
    const page = await projectPage(db, after, pageSize)
    if (page.length === 0) break
    after = page.at(-1)!.id
    const changed = await pageChanges(
      db,
      page.map((p) => p.id),
      hour,
    )
    changes += changed.length
    notices += await writeChanges(db, hour, changed)
  }
  return { changes, notices }
}
