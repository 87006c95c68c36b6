// The alerts job (issue 14, decision 0050): on the metering's schedule, right after it, on one
// worker replica at a time (the queue's key). Each hour the metering has passed over since the
// newest hour evaluated, oldest first, then the budgets once. A late correction of an hour already
// evaluated moves the statements, not the alerts, which speak of now. The first run ever starts at
// the newest metered hour: there is no history of levels to replay.
import type { Db } from '../db/client'
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
  readonly usageNotices: number
  readonly budgetNotices: number
}

export async function evaluateAlerts(deps: AlertJobDeps): Promise<AlertRun> {
  const { db } = deps
  const newest = await db.alertHour.findFirst({ orderBy: { hour: 'desc' }, select: { hour: true } })
  const metered = await db.meteringHour.findMany({
    where: newest ? { hour: { gt: newest.hour } } : {},
    orderBy: { hour: newest ? 'asc' : 'desc' },
    take: newest ? undefined : 1,
    select: { hour: true },
  })
  let usageNotices = 0
  for (const { hour } of metered) {
    const report = await evaluateUsageHour(db, hour)
    await db.alertHour.create({ data: { hour, evaluatedAt: deps.now?.() ?? new Date() } })
    usageNotices += report.notices
    deps.log?.(`hour ${hour.toISOString()}: ${report.changes} levels changed, ${report.notices} notices`)
  }
  // Spending moves only with a metered hour: without one there is nothing new to compare.
  const budgetNotices = metered.length > 0 ? await evaluateBudgets(db, deps.now?.() ?? new Date()) : 0
  return { hours: metered.map((m) => m.hour), usageNotices, budgetNotices }
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
