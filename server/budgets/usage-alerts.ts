// A metered hour's use against each project's grants (decision 0050): page by page of the projects
// the metering meters, each alerted resource's current record of the hour through the hysteresis
// (server/domain/usage-alerts.ts), and a level that went up told in the transaction that stores it.
// Only changed levels are written: a quiet resource costs no row.
import type { Db, Tx } from '../db/client'
import { stepUsageAlert, ALERTED_RESOURCES } from '../domain/usage-alerts'
import { NO_LEVEL, permille } from '../domain/threshold-levels'
import { projectPage, recordedHours, recordKey } from '../metering/facts'
import { usageAlertKey } from '../notifications/alert-plan'
import { notifyAlerts } from '../notifications/alert-record'

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

/** The page's changed levels in one statement. */
async function storeLevels(tx: Tx, hour: Date, changes: readonly LevelChange[]): Promise<void> {
  const rows = JSON.stringify(
    changes.map((c) => ({ project_id: c.projectId, resource: c.resource, level: c.level, permille: c.permille })),
  )
  await tx.$executeRaw`
    INSERT INTO "UsageAlertState" ("projectId", "resource", "level", "permille", "hour", "changedAt")
    SELECT project_id, resource, level, permille, timezone('UTC', ${hour}::timestamptz), timezone('UTC', now())
      FROM jsonb_to_recordset(${rows}::jsonb) AS i(project_id uuid, resource text, level int, permille int)
    ON CONFLICT ("projectId", "resource") DO UPDATE
      SET "level" = EXCLUDED."level", "permille" = EXCLUDED."permille", "hour" = EXCLUDED."hour",
          "changedAt" = EXCLUDED."changedAt"`
}

/**
 * Stores the changes and tells of the raises, in one transaction per page. A page where every
 * level rises at once (a whole data centre crossing 80 % in the same hour) writes a notice and an
 * e-mail job per person told; the transaction is given the time that takes.
 */
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
  const notices = changes.flatMap((change) => {
    const project = projects.get(change.projectId)
    if (!change.raised || !project) return []
    return [
      {
        kind: 'usage_threshold' as const,
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
      },
    ]
  })
  return db.$transaction(
    async (tx) => {
      await storeLevels(tx, hour, changes)
      return (await notifyAlerts(tx, notices)).length
    },
    { timeout: 120_000 },
  )
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
