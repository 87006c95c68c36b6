// What an agency has spent in a local year and its forecast (decision 0050): each month before the
// current one from its closed statement where there is one (what was sent stays what counts), else
// priced from its day rollups as the statement will be; the current month from its day rollups so
// far, with the metered hours its run rate is taken over. The rollups are read only through
// server/metering/rollups.ts, the statements through statement-store.ts.
import type { Db } from '../db/client'
import { forecastYear, type Forecast } from '../domain/budget'
import { HOUR_MS, localMidnight, localMonthOf, nextLocalMonth, type LocalDate } from '../domain/local-calendar'
import type { RateCard } from '../domain/rate-card'
import { computeStatement, dailyUsageOf } from '../domain/statement'
import { dayRollupsOfMonth } from '../metering/rollups'
import { latestStatement } from '../metering/statement-store'
import { loadRateCards } from '../rates/rows'

export type YearForecast = Forecast & {
  readonly year: number
  /** The month whose run rate the forecast takes, and its metered hours. */
  readonly month: LocalDate
  readonly meteredHours: number
  /** Whole đồng per month of the year so far, oldest first. */
  readonly months: readonly { readonly month: LocalDate; readonly amount: bigint; readonly closed: boolean }[]
}

/** A month's cost so far; null when a day cannot be priced (no card in force, a resource without a price). */
async function monthCost(db: Db, agencyId: string, month: LocalDate, cards: readonly RateCard[]) {
  const stored = await latestStatement(db, agencyId, month)
  if (stored) return { amount: stored.statement.total, closed: true }
  const rollups = await dayRollupsOfMonth(db, agencyId, month)
  const computed = computeStatement(agencyId, month, rollups.map(dailyUsageOf), cards)
  return computed.ok ? { amount: computed.value.total, closed: false } : null
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
    const cost = await monthCost(db, agencyId, month, cards)
    if (cost === null) return null
    months.push({ month, ...cost })
  }
  const current = months.at(-1)!
  const meteredHours = await meteredHoursOf(db, lastMonth)
  const earlierMonths = months.slice(0, -1).reduce((sum, m) => sum + m.amount, 0n)
  const forecast = forecastYear({ year, earlierMonths, currentMonth: current.amount, month: lastMonth, meteredHours })
  return { ...forecast, year, month: lastMonth, meteredHours, months }
}
