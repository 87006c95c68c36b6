// What an agency has spent in a local year and its forecast (decision 0050): each month as the
// statements price it (server/statements/read.ts monthStatement: its closed statement where there is
// one, else priced from its day rollups as the statement will be), the current month so far with the
// metered hours its run rate is taken over.
import type { Db } from '../db/client'
import { forecastYear, type Forecast } from '../domain/budget'
import { HOUR_MS, localMidnight, localMonthOf, nextLocalMonth, type LocalDate } from '../domain/local-calendar'
import { loadRateCards } from '../rates/rows'
import { monthStatement } from '../statements/read'

export type YearForecast = Forecast & {
  readonly year: number
  /** The month whose run rate the forecast takes, and its metered hours. */
  readonly month: LocalDate
  readonly meteredHours: number
  /** Whole đồng per month of the year so far, oldest first. */
  readonly months: readonly { readonly month: LocalDate; readonly amount: bigint; readonly closed: boolean }[]
}

/** Hours of the month from its start to the end of the newest hour the metering has passed over. */
async function meteredHoursOf(db: Db, month: LocalDate): Promise<number> {
  const start = localMidnight(month)
  const end = localMidnight(nextLocalMonth(month))
  const newest = await db.meteringHour.findFirst({
    where: { hour: { gte: start, lt: end } },
    orderBy: { hour: 'desc' },
    select: { hour: true },
  })
  return newest ? (newest.hour.getTime() + HOUR_MS - start.getTime()) / HOUR_MS : 0
}

/**
 * The year's spending and forecast as of `now`; for a year already over, its whole spending; null
 * when a month cannot be priced (no rate card yet): the page says so rather than show a wrong zero.
 */
export async function yearForecast(db: Db, agencyId: string, year: number, now: Date): Promise<YearForecast | null> {
  const first = `${year}-01-01`
  const nowMonth = localMonthOf(now)
  const lastMonth = nowMonth.slice(0, 4) === String(year) ? nowMonth : nowMonth < first ? null : `${year}-12-01`
  if (lastMonth === null) {
    const forecast = forecastYear({ year, earlierMonths: 0n, currentMonth: 0n, month: first, meteredHours: 0 })
    return { ...forecast, year, month: first, meteredHours: 0, months: [] }
  }
  const cards = await loadRateCards(db)
  const months: { month: LocalDate; amount: bigint; closed: boolean }[] = []
  for (let month = first; month <= lastMonth; month = nextLocalMonth(month)) {
    const priced = await monthStatement(db, agencyId, month, cards)
    if (priced === null) return null
    months.push({ month, amount: priced.statement.total, closed: priced.closed })
  }
  const current = months.at(-1)!
  const meteredHours = await meteredHoursOf(db, lastMonth)
  const earlierMonths = months.slice(0, -1).reduce((sum, m) => sum + m.amount, 0n)
  const forecast = forecastYear({ year, earlierMonths, currentMonth: current.amount, month: lastMonth, meteredHours })
  return { ...forecast, year, month: lastMonth, meteredHours, months }
}
