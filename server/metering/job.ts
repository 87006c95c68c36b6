// The metering job (issue 14, decision 0047): every few minutes, on whichever worker replica the
// queue's schedule picks, it passes over the complete hours that are due (hours.ts) and, page by
// page of projects, stages what changed; the hour is appended once its last page is staged.
// Memory holds one page of one hour at a time.
import type pg from 'pg'
import type { Db } from '../db/client'
import type { JobHandler, PeriodicTask } from '../jobs/worker'
import type { TimeSeriesStore } from '../platform/metrics/time-series'
import { openHourWrite, type AppendRow, type HourWrite } from './append'
import {
  capacityCeilings,
  grantsAt,
  projectPage,
  recordedHours,
  recordKey,
  requestsAt,
  type Amounts,
  type MeteredProject,
} from './facts'
import { DEFAULT_HOUR_PLAN, HOUR_MS, hoursDue, type HourPlanSettings } from './hours'
import { bucketsOf, measurePage, type ProjectBuckets } from './measure'
import { hourValues, planRevision } from './plan'

export const METERING_JOB = 'metering.hourly'

export interface MeteringDeps {
  readonly db: Db
  /** The pg driver's pool on the same database: the write path COPYs, which Prisma cannot. */
  readonly pool: pg.Pool
  readonly store: TimeSeriesStore
  readonly now?: () => Date
  readonly pageSize?: number
  readonly plan?: HourPlanSettings
  /** A sample newer than now by more than this means its sender's clock is wrong. */
  readonly skewToleranceMs?: number
  /** A line for each refused reading and each hour passed over. */
  readonly log?: (line: string) => void
}

export interface HourReport {
  readonly hour: Date
  readonly projects: number
  readonly appended: number
  readonly refused: number
}

const DEFAULT_PAGE = 200

/** One hour over every metered project, page by page, appended in one transaction after its last page. */
export async function meterHour(deps: MeteringDeps, hour: Date): Promise<HourReport> {
  const now = deps.now?.() ?? new Date()
  const ceilings = await capacityCeilings(deps.db)
  const write = await openHourWrite(deps.pool, hour)
  let after: string | null = null
  let projects = 0
  let refused = 0
  try {
    for (;;) {
      const page = await projectPage(deps.db, after, deps.pageSize ?? DEFAULT_PAGE)
      if (page.length === 0) break
      after = page.at(-1)!.id
      projects += page.length
      refused += await stagePage(deps, write, { page, hour, now, ceilings })
    }
  } catch (error) {
    await write.rollback()
    throw error
  }
  return { hour, projects, appended: await write.commit(), refused }
}

/** Plans a page's revisions from the database's facts and the store's measurements and stages them; returns the readings refused. */
async function stagePage(
  deps: MeteringDeps,
  write: HourWrite,
  { page, hour, now, ceilings }: { page: MeteredProject[]; hour: Date; now: Date; ceilings: Amounts },
): Promise<number> {
  const end = new Date(hour.getTime() + HOUR_MS)
  const ids = page.map((p) => p.id)
  const [grants, requests, recorded] = await Promise.all([
    grantsAt(deps.db, ids, end),
    requestsAt(deps.db, ids, hour, end),
    recordedHours(deps.db, ids, hour),
  ])
  const buckets = new Map<string, ProjectBuckets>(page.map((p) => [p.id, bucketsOf(p, grants.get(p.id))]))
  const measured = await measurePage(deps.store, {
    projects: page,
    buckets,
    hour,
    ceilings,
    now,
    skewToleranceMs: deps.skewToleranceMs ?? 120_000,
  })
  let refused = 0
  const rows: AppendRow[] = []
  for (const project of page) {
    const values = hourValues(grants.get(project.id), requests.get(project.id), measured.get(project.id)!)
    for (const [resource, measuredValues] of values) {
      if (measuredValues.refusal) {
        refused++
        deps.log?.(
          `hour ${hour.toISOString()} ${project.namespace} ${resource}: refused (${measuredValues.refusal}); not measured, and nothing recorded is replaced`,
        )
      }
      const planned = planRevision(recorded.get(recordKey(project.id, resource)), measuredValues)
      if (planned) rows.push({ projectId: project.id, resource, planned })
    }
  }
  await write.stage(rows)
  return refused
}

/** Every due hour, oldest first; each marked passed over once all its pages are written. */
export async function runMetering(deps: MeteringDeps): Promise<HourReport[]> {
  const now = deps.now?.() ?? new Date()
  const plan = deps.plan ?? DEFAULT_HOUR_PLAN
  const since = new Date(now.getTime() - (plan.catchUpHours + 2) * HOUR_MS)
  const passed = await deps.db.meteringHour.findMany({ where: { hour: { gte: since } } })
  const reports: HourReport[] = []
  for (const hour of hoursDue(now, passed, plan)) {
    const report = await meterHour(deps, hour)
    await deps.db.$executeRaw`
      INSERT INTO "MeteringHour" ("hour", "passes", "firstAt", "lastAt", "appended")
      VALUES (timezone('UTC', ${hour}::timestamptz), 1, timezone('UTC', ${now}::timestamptz),
              timezone('UTC', ${now}::timestamptz), ${report.appended})
      ON CONFLICT ("hour") DO UPDATE SET "passes" = "MeteringHour"."passes" + 1, "lastAt" = EXCLUDED."lastAt",
        "appended" = EXCLUDED."appended"`
    deps.log?.(
      `hour ${hour.toISOString()}: ${report.projects} projects, ${report.appended} records appended, ${report.refused} readings refused`,
    )
    reports.push(report)
  }
  return reports
}

export function meteringHandlers(deps: MeteringDeps): Record<string, JobHandler> {
  return {
    [METERING_JOB]: async () => {
      await runMetering(deps)
      return { status: 'done' }
    },
  }
}

/** Queued on one replica when due; most runs find nothing due and cost one query. */
export function meteringSchedule(everyMs: number): PeriodicTask[] {
  return [{ name: METERING_JOB, everyMs, job: { kind: METERING_JOB, key: 'all' } }]
}
