// Each agency's spending and forecast against its budget of the current local year (decision
// 0050), through the same hysteresis as use (80/90/100 %), measured against the budget version in
// force: a new version starts from no level. A forecast is told only when it is ahead of what is
// already spent (spending at 100 % says more than a forecast at 100 %).
import type { Db } from '../db/client'
import { localYearOf } from '../domain/budget'
import { BUDGET_LADDER, NO_LEVEL, nextLevel, permille } from '../domain/threshold-levels'
import { budgetAlertKey } from '../notifications/alert-plan'
import { notifyAlerts } from '../notifications/alert-record'
import { yearForecast } from './spending'
import { budgetsOfYear, type StoredBudget } from './store'

async function evaluateBudget(db: Db, budget: StoredBudget, now: Date): Promise<number> {
  const forecast = await yearForecast(db, budget.agencyId, budget.year, now)
  if (forecast === null) return 0
  const state = await db.budgetAlertState.findUnique({
    where: { agencyId_year: { agencyId: budget.agencyId, year: budget.year } },
  })
  const same = state?.budgetVersion === budget.version
  const spent = nextLevel(BUDGET_LADDER, same ? state.spentLevel : NO_LEVEL, forecast.spent, budget.amount)
  const ahead = nextLevel(BUDGET_LADDER, same ? state.forecastLevel : NO_LEVEL, forecast.forecast, budget.amount)
  if (same && spent.level === state.spentLevel && ahead.level === state.forecastLevel) return 0
  const agency = await db.agency.findUniqueOrThrow({
    where: { id: budget.agencyId },
    select: { code: true, nameVi: true, nameEn: true },
  })
  return db.$transaction(async (tx) => {
    const fields = {
      budgetVersion: budget.version,
      spentLevel: spent.level,
      forecastLevel: ahead.level,
      updatedAt: now,
    }
    await tx.budgetAlertState.upsert({
      where: { agencyId_year: { agencyId: budget.agencyId, year: budget.year } },
      create: { agencyId: budget.agencyId, year: budget.year, ...fields },
      update: fields,
    })
    const told: { measure: 'spent' | 'forecast'; level: number; value: bigint | null }[] = []
    if (spent.raised) told.push({ measure: 'spent', level: spent.level, value: forecast.spent })
    if (ahead.raised && ahead.level > spent.level)
      told.push({ measure: 'forecast', level: ahead.level, value: forecast.forecast })
    const notices = told.map((notice) => ({
      kind: 'budget_threshold' as const,
      agencyId: budget.agencyId,
      toOperators: true,
      link: `/agencies/${agency.code}`,
      params: {
        agencyNameVi: agency.nameVi,
        agencyNameEn: agency.nameEn,
        year: budget.year,
        measure: notice.measure,
        level: notice.level,
        permille: permille(notice.value, budget.amount),
        budget: budget.amount.toString(),
        spent: forecast.spent.toString(),
        forecast: forecast.forecast?.toString() ?? null,
      },
      onceKey: budgetAlertKey(budget.agencyId, budget.year, budget.version, notice.measure, notice.level, now),
    }))
    return (await notifyAlerts(tx, notices)).length
  })
}

/**
 * Every agency with a budget for the current local year, or for `only.year` those of `only.agencyIds`
 * (the agencies whose records of that year were corrected); returns the notices made.
 */
export async function evaluateBudgets(
  db: Db,
  now: Date,
  only?: { readonly year: number; readonly agencyIds: ReadonlySet<string> },
): Promise<number> {
  const budgets = await budgetsOfYear(db, only?.year ?? localYearOf(now))
  let made = 0
  for (const budget of budgets) {
    if (only && !only.agencyIds.has(budget.agencyId)) continue
    made += await evaluateBudget(db, budget, now)
  }
  return made
}
