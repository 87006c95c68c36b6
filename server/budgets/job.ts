// The alerts job (issue 14, decision 0050): on the metering's schedule, right after it, on one
// worker replica at a time (the queue's key). First the hours already evaluated that the metering
// has passed over again (its late pass): their records written since are re-evaluated, a level
// changed only where the correction changes it; then each hour the metering has passed over since
// the newest hour evaluated, oldest first; then the budgets of the year, and of the agencies whose
// records were corrected. The first run ever starts at the newest metered hour: there is no
// history of levels to replay.
import type { Db } from '../db/client'
import { localYearOf } from '../domain/budget'
import type { JobHandler, PeriodicTask } from '../jobs/worker'
import { evaluateBudgets } from './budget-alerts'
import { evaluateUsageHour } from './usage-alerts'

export const ALERTS_JOB = 'alerts.evaluate'

export interface AlertJobDeps {
  readonly db: Db
  readonly now?: () => Date
  readonly log?: (line: string) => void
}

export interface AlertRun {
  readonly hours: readonly Date[]
  /** Hours evaluated before whose corrections were evaluated in this run. */
  readonly corrected: readonly Date[]
  readonly usageNotices: number
  readonly budgetNotices: number
}

interface Corrections {
  readonly hours: Date[]
  notices: number
  /** Agencies whose records were corrected, by the local year of the hour corrected. */
  readonly agencies: Map<number, Set<string>>
}

/**
 * The hours evaluated that the metering has passed over since: the records written after the
 * hour's watermark are evaluated again (a raise told once, by the same once-only key as if it had
 * come in time). A pass that appended nothing only moves the count.
 */
async function evaluateCorrections(db: Db, newest: Date | null): Promise<Corrections> {
  const out: Corrections = { hours: [], notices: 0, agencies: new Map() }
  if (newest === null) return out
  const due = await db.$queryRaw<{ hour: Date; passes: number; appended: number; recordsUpTo: Date | null }[]>`
    SELECT a."hour", m."passes", m."appended", a."recordsUpTo" FROM "AlertHour" a
      JOIN "MeteringHour" m ON m."hour" = a."hour"
     WHERE m."passes" > a."meteringPasses" ORDER BY a."hour"`
  for (const hour of due) {
    let upTo = hour.recordsUpTo
    if (hour.appended > 0) {
      const pass = { since: hour.recordsUpTo, newest: hour.hour.getTime() === newest.getTime() }
      const report = await evaluateUsageHour(db, hour.hour, undefined, pass)
      if (report.upTo && (!upTo || report.upTo > upTo)) upTo = report.upTo
      out.notices += report.notices
      out.hours.push(hour.hour)
      const year = localYearOf(hour.hour)
      const agencies = out.agencies.get(year) ?? new Set<string>()
      for (const agency of report.agencies) agencies.add(agency)
      out.agencies.set(year, agencies)
    }
    await db.alertHour.update({
      where: { hour: hour.hour },
      data: { meteringPasses: hour.passes, recordsUpTo: upTo },
    })
  }
  return out
}

export async function evaluateAlerts(deps: AlertJobDeps): Promise<AlertRun> {
  const { db } = deps
  const now = deps.now?.() ?? new Date()
  const newest = await db.alertHour.findFirst({ orderBy: { hour: 'desc' }, select: { hour: true } })
  const corrections = await evaluateCorrections(db, newest?.hour ?? null)
  const metered = await db.meteringHour.findMany({
    where: newest ? { hour: { gt: newest.hour } } : {},
    orderBy: { hour: newest ? 'asc' : 'desc' },
    take: newest ? undefined : 1,
    select: { hour: true, passes: true },
  })
  let usageNotices = corrections.notices
  for (const { hour, passes } of metered) {
    const report = await evaluateUsageHour(db, hour)
    await db.alertHour.create({
      data: { hour, evaluatedAt: now, meteringPasses: passes, recordsUpTo: report.upTo },
    })
    usageNotices += report.notices
    deps.log?.(`hour ${hour.toISOString()}: ${report.changes} levels changed, ${report.notices} notices`)
  }
  // Spending moves only with a metered hour or a corrected one: without either there is nothing new.
  let budgetNotices = metered.length > 0 ? await evaluateBudgets(db, now) : 0
  for (const [year, agencies] of corrections.agencies) {
    if (metered.length > 0 && year === localYearOf(now)) continue // evaluated just above
    budgetNotices += await evaluateBudgets(db, now, { year, agencyIds: agencies })
  }
  return { hours: metered.map((m) => m.hour), corrected: corrections.hours, usageNotices, budgetNotices }
}

export function alertHandlers(deps: AlertJobDeps): Record<string, JobHandler> {
  return {
    [ALERTS_JOB]: async () => {
      await evaluateAlerts(deps)
      return { status: 'done' }
    },
  }
}

/** Queued on one replica when due; a run with no new metered hour costs two queries. */
export function alertSchedule(everyMs: number): PeriodicTask[] {
  return [{ name: ALERTS_JOB, everyMs, job: { kind: ALERTS_JOB, key: 'all' } }]
}
