// The metering job (issue 14, decision 0047): every few minutes, on whichever worker replica the
// queue's schedule picks, it passes over the complete hours that are due (hours.ts) and, page by
// page of projects, appends what changed under the hour's lock, each page's write overlapping the
// next page's planning; its day rows move and it commits after its last page (append.ts). Memory
// holds at most two pages of one hour at a time.
import type pg from 'pg'
import type { Db } from '../db/client'
import type { JobHandler, PeriodicTask } from '../jobs/worker'
import type { TimeSeriesStore } from '../platform/metrics/time-series'
import { openHourWrite, stagePages, type AppendRow, type HourWrite } from './append'
import { keepFinalDays } from './day-totals'
import {
  capacityCeilings,
  grantsAt,
  projectPage,
  recordedHours,
  recordKey,
  requestsAt,
  restoredBucketsBefore,
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

/**
 * One hour over every metered project, page by page, in one transaction committed after its last page.
 * Given the passes over it the job read (`seen`), the pass is counted in the same transaction, and
 * null is returned, nothing written, when another replica's pass counted one meanwhile.
 */
export async function meterHour(deps: MeteringDeps, hour: Date): Promise<HourReport>
export async function meterHour(deps: MeteringDeps, hour: Date, seen: number): Promise<HourReport | null>
export async function meterHour(deps: MeteringDeps, hour: Date, seen?: number): Promise<HourReport | null> {
  const now = deps.now?.() ?? new Date()
  const ceilings = await capacityCeilings(deps.db)
  const write = await openHourWrite(deps.pool, hour)
  if (seen !== undefined && !(await claimOrGiveUp(write, seen, now))) return null
  let projects = 0
  let refused = 0
  async function* pages() {
    for (let after: string | null = null; ;) {
      const page = await projectPage(deps.db, after, deps.pageSize ?? DEFAULT_PAGE)
      if (page.length === 0) return
      after = page.at(-1)!.id
      projects += page.length
      const planned = await planPage(deps, { page, hour, now, ceilings })
      refused += planned.refused
      yield planned.rows
    }
  }
  try {
    await stagePages(write, pages())
  } catch (error) {
    await write.rollback()
    throw error
  }
  return { hour, projects, appended: await write.commit(), refused }
}

/** Plans a page's revisions from the database's facts and the store's measurements; counts the readings refused. */
async function planPage(
  deps: MeteringDeps,
  { page, hour, now, ceilings }: { page: MeteredProject[]; hour: Date; now: Date; ceilings: Amounts },
): Promise<{ rows: AppendRow[]; refused: number }> {
  const end = new Date(hour.getTime() + HOUR_MS)
  const ids = page.map((p) => p.id)
  const [grants, requests, recorded, restored] = await Promise.all([
    grantsAt(deps.db, ids, end),
    requestsAt(deps.db, ids, hour, end),
    recordedHours(deps.db, ids, hour),
    restoredBucketsBefore(deps.db, ids, end),
  ])
  const buckets = new Map<string, ProjectBuckets>(
    page.map((p) => [
      p.id,
      bucketsOf(
        p,
        grants.get(p.id),
        restored.get(p.id)?.map((b) => b.name),
      ),
    ]),
  )
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
  return { rows, refused }
}

async function claimOrGiveUp(write: HourWrite, seen: number, now: Date): Promise<boolean> {
  try {
    if (await write.claimPass(seen, now)) return true
  } catch (error) {
    await write.rollback()
    throw error
  }
  await write.rollback()
  return false
}

/** Every due hour, oldest first; each counted as passed over in the transaction that writes it. */
export async function runMetering(deps: MeteringDeps): Promise<HourReport[]> {
  const now = deps.now?.() ?? new Date()
  const plan = deps.plan ?? DEFAULT_HOUR_PLAN
  const since = new Date(now.getTime() - (plan.catchUpHours + 2) * HOUR_MS)
  const passed = await deps.db.meteringHour.findMany({ where: { hour: { gte: since } } })
  const reports: HourReport[] = []
  const seen = new Map(passed.map((p) => [p.hour.getTime(), p.passes]))
  for (const hour of hoursDue(now, passed, plan)) {
    const report = await meterHour(deps, hour, seen.get(hour.getTime()) ?? 0)
    if (report === null) {
      deps.log?.(`hour ${hour.toISOString()}: passed over by another replica meanwhile; given up`)
      continue
    }
    deps.log?.(
      `hour ${hour.toISOString()}: ${report.projects} projects, ${report.appended} records appended, ${report.refused} readings refused`,
    )
    reports.push(report)
  }
  // Days now out of every pass's reach are summed once for the pools' charts (day-totals.ts).
  const kept = await keepFinalDays(deps.db, now, plan)
  if (kept > 0) deps.log?.(`${kept} day totals kept for the pools' charts`)
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
