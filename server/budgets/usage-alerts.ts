// A metered hour's use against each project's grants (decision 0050): page by page of the projects
// the metering meters, each alerted resource's current record of the hour through the hysteresis
// (server/domain/usage-alerts.ts), and a level that went up told in the transaction that stores it.
// Only changed levels are written: a quiet resource costs no row. The same pass over the records
// of an hour corrected since it was evaluated (`since`) re-evaluates those records alone.
import type { Db, Tx } from '../db/client'
import { isAlertedResource, stepUsageAlert } from '../domain/usage-alerts'
import { NO_LEVEL, permille } from '../domain/threshold-levels'
import { projectPage, recordKey } from '../metering/facts'
import type { RecordedHour } from '../metering/plan'
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

type CurrentRecord = RecordedHour & { projectId: string; agencyId: string; resource: string; recordedAt: Date }

/**
 * The current revision of the page's records of the hour, with when each was written; with `since`,
 * only those written after it (the corrections since the hour was evaluated).
 */
function currentRecords(db: Db, ids: readonly string[], hour: Date, since: Date | null): Promise<CurrentRecord[]> {
  return db.$queryRaw<CurrentRecord[]>`
    SELECT * FROM (
      SELECT DISTINCT ON (r."projectId", r."resource") r."projectId"::text AS "projectId",
             p."agencyId"::text AS "agencyId", r."resource", r."revision", r."granted", r."requested", r."used",
             r."usedPeak", r."refusal", r."recordedAt"
        FROM "UsageRecord" r JOIN "Project" p ON p."id" = r."projectId"
       WHERE r."projectId" = ANY(${[...ids]}::uuid[]) AND r."hour" = timezone('UTC', ${hour}::timestamptz)
       ORDER BY r."projectId", r."resource", r."revision" DESC) c
     WHERE ${since}::timestamp IS NULL OR c."recordedAt" > ${since}::timestamp`
}

/** How an hour is evaluated: first as it is metered, or again for the records corrected since. */
export interface HourPass {
  /** Only records written after this (the hour's watermark when it was evaluated); null: all. */
  readonly since: Date | null
  /**
   * Whether no later hour has been evaluated. A correction of an older hour may raise a level (a
   * crossing that happened, told late) but never clears one: the newer hours speak of now.
   */
  readonly newest: boolean
}

interface PageResult {
  readonly changes: LevelChange[]
  /** The newest record read: the hour's watermark. */
  readonly upTo: Date | null
  /** The agencies whose records were read (with `since`: those corrected). */
  readonly agencies: readonly string[]
}

/** The page's changes: every resource whose level moved at this hour. */
async function pageChanges(db: Db, ids: readonly string[], hour: Date, pass: HourPass): Promise<PageResult> {
  const [records, states] = await Promise.all([
    currentRecords(db, ids, hour, pass.since),
    db.usageAlertState.findMany({
      where: { projectId: { in: [...ids] } },
      select: { projectId: true, resource: true, level: true },
    }),
  ])
  const levels = new Map(states.map((s) => [recordKey(s.projectId, s.resource), s.level]))
  const changes: LevelChange[] = []
  for (const record of records) {
    const { projectId, resource } = record
    if (!isAlertedResource(resource)) continue
    const current = levels.get(recordKey(projectId, resource)) ?? NO_LEVEL
    const step = stepUsageAlert(resource, current, record)
    if (step.level === current || (!pass.newest && !step.raised)) continue
    const used = resource === 'cpu' ? record.used : (record.usedPeak ?? record.used)
    changes.push({ projectId, resource, ...step, permille: permille(used, record.granted) })
  }
  const upTo = records.reduce<Date | null>((max, r) => (max && max >= r.recordedAt ? max : r.recordedAt), null)
  return { changes, upTo, agencies: [...new Set(records.map((r) => r.agencyId))] }
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
  /** The newest record read (null when none): what a later pass looks past for corrections. */
  readonly upTo: Date | null
  readonly agencies: ReadonlySet<string>
}

/** One metered hour over every metered project (with `pass.since`, its records corrected since). */
export async function evaluateUsageHour(
  db: Db,
  hour: Date,
  pageSize = 500,
  pass: HourPass = { since: null, newest: true },
): Promise<UsageHourReport> {
  let after: string | null = null
  let changes = 0
  let notices = 0
  let upTo: Date | null = null
  const agencies = new Set<string>()
  for (;;) {
    const page = await projectPage(db, after, pageSize)
    if (page.length === 0) break
    after = page.at(-1)!.id
    const read = await pageChanges(
      db,
      page.map((p) => p.id),
      hour,
      pass,
    )
    changes += read.changes.length
    notices += await writeChanges(db, hour, read.changes)
    if (read.upTo && (!upTo || read.upTo > upTo)) upTo = read.upTo
    for (const agency of read.agencies) agencies.add(agency)
  }
  return { changes, notices, upTo, agencies }
}
