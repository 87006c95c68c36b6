// An agency's yearly budget in đồng (issue 14, decision 0050): what may be set, and the forecast
// to the year's end from the current month's run rate. Pure. Money is whole đồng (bigint), and
// the forecast is rounded once, half up, like a statement's line.
import { parseScaledDecimal, roundHalfUp } from './decimal'
import { err, issue, ok, type FieldIssue, type Result } from './errors'
import type { NumberSymbols } from './human-quantity'
import { HOUR_MS, localDateOf, localMidnight, type LocalDate } from './local-calendar'

/**
 * The largest budget accepted: 10^14 đồng (100 000 tỷ), several times a whole province's yearly
 * spending. Anything above is a typo (digits pasted twice), not a plan.
 */
export const MAX_BUDGET = 10n ** 14n
/** How many years ahead a budget may be set: the current year and the next two (medium-term plans). */
export const BUDGET_YEARS_AHEAD = 2

export interface BudgetInput {
  readonly year: number
  readonly amount: string
}

export interface CheckedBudget {
  readonly year: number
  readonly amount: bigint
}

/** The local (Việt Nam) calendar year an instant falls in. */
export const localYearOf = (at: Date): number => Number(localDateOf(at).slice(0, 4))

/** Checks a budget as typed: a year from this one to two ahead, a whole positive amount of đồng within reason. */
export function checkBudget(
  input: BudgetInput,
  symbols: NumberSymbols,
  now: Date,
): { ok: true; value: CheckedBudget } | { ok: false; issues: FieldIssue[] } {
  const issues: FieldIssue[] = []
  const thisYear = localYearOf(now)
  if (!Number.isInteger(input.year)) issues.push(issue('year', err('input.not_integer', {}).error))
  else if (input.year < thisYear) issues.push(issue('year', err('budget.year_past', { year: input.year }).error))
  else if (input.year > thisYear + BUDGET_YEARS_AHEAD)
    issues.push(
      issue('year', err('budget.year_too_far', { year: input.year, last: thisYear + BUDGET_YEARS_AHEAD }).error),
    )
  const amount = readBudgetAmount(input.amount, symbols)
  if (!amount.ok) issues.push(issue('amount', amount.error))
  if (issues.length > 0 || !amount.ok) return { ok: false, issues }
  return { ok: true, value: { year: input.year, amount: amount.value } }
}

/** Whole đồng, with the reader's grouping (`1.200.000.000` in Vietnamese), from 1 to MAX_BUDGET. */
export function readBudgetAmount(text: string, symbols: NumberSymbols): Result<bigint> {
  const parsed = parseScaledDecimal(text, 0, symbols)
  if (!parsed.ok) return parsed
  if (parsed.value === 0n) return err('budget.amount_zero', {})
  if (parsed.value > MAX_BUDGET) return err('budget.amount_absurd', { max: MAX_BUDGET.toString() })
  return ok(parsed.value)
}

/** What was spent in the year, as the statements and the metering's rollups price it. */
export interface YearSpending {
  readonly year: number
  /** Whole đồng of the year's months before the current one. */
  readonly earlierMonths: bigint
  /** Whole đồng of the current month so far. */
  readonly currentMonth: bigint
  /** The first local day of the current month. */
  readonly month: LocalDate
  /** Hours of the current month metered so far: the run rate is currentMonth over these. */
  readonly meteredHours: number
}

export interface Forecast {
  readonly spent: bigint
  /** Spent plus the run rate over the hours left in the year; null while the month has no metered hour. */
  readonly forecast: bigint | null
  /** The current month's cost per day (whole đồng, half up); null without a metered hour. */
  readonly dailyRunRate: bigint | null
  readonly hoursLeft: number
}

/**
 * Spent so far plus the current month's run rate times the time left to the year's end (local
 * midnight of 1 January). The run rate is per metered hour, so a month metered for 10 days at
 * 100 000 đồng a day adds 100 000 for each day left; a year already over forecasts what it spent.
 */
export function forecastYear(spending: YearSpending): Forecast {
  const spent = spending.earlierMonths + spending.currentMonth
  const asOf = localMidnight(spending.month).getTime() + spending.meteredHours * HOUR_MS
  const yearEnd = localMidnight(`${spending.year + 1}-01-01`).getTime()
  const hoursLeft = Math.max(0, Math.round((yearEnd - asOf) / HOUR_MS))
  if (spending.meteredHours <= 0)
    return { spent, forecast: hoursLeft === 0 ? spent : null, dailyRunRate: null, hoursLeft }
  const hours = BigInt(spending.meteredHours)
  return {
    spent,
    forecast: spent + roundHalfUp(spending.currentMonth * BigInt(hoursLeft), hours),
    dailyRunRate: roundHalfUp(spending.currentMonth * 24n, hours),
    hoursLeft,
  }
}
