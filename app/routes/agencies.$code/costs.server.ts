import type { Db } from '#server/db/client'
import { budgetInForce } from '#server/budgets/store'
import { costChart, type MonthCosts } from '#server/charts/cost-chart'
import { localYearOf } from '#server/domain/budget'
import { localMonthOf, nextLocalMonth, type LocalDate } from '#server/domain/local-calendar'
import type { Statement } from '#server/domain/statement'
import { loadRateCards } from '#server/rates/rows'
import { monthStatement } from '#server/statements/read'
import { translate, type Locale, type MessageKey } from '#app/utils/i18n.server'
import { toCsv } from '#app/utils/waivers.server'

// The agency page's cost chart (issue 14, decision 0051): this local year's months as the statements
// price them (the latest stored version of a closed month, the open months computed from the day
// rollups by computeStatement), per project, against the year's budget in force.

function byProject(statement: Statement | null): Map<string, bigint> | null {
  return statement === null ? null : new Map(statement.projects.map((p) => [p.projectId, p.total]))
}

/** The months of this local year so far with each project's đồng, and the year's budget. */
export async function agencyCosts(db: Db, agencyId: string, now: Date) {
  const year = localYearOf(now)
  const [cards, budget] = await Promise.all([loadRateCards(db), budgetInForce(db, agencyId, year)])
  const months: LocalDate[] = []
  for (let m = `${year}-01-01`; m <= localMonthOf(now); m = nextLocalMonth(m)) months.push(m)
  const statements = await Promise.all(
    months.map(async (month) => (await monthStatement(db, agencyId, month, cards))?.statement ?? null),
  )
  const ids = [...new Set(statements.flatMap((s) => s?.projects.map((p) => p.projectId) ?? []))]
  const names = await db.project.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } })
  const costs: MonthCosts[] = months.map((month, i) => ({ month, byProject: byProject(statements[i] ?? null) }))
  return { months: costs, projectNames: new Map(names.map((p) => [p.id, p.name])), budget: budget?.amount ?? null }
}

/** The chart, or null when nothing was spent this year (no month priced above zero). */
export async function agencyCostChart(db: Db, agencyId: string, locale: Locale, now = new Date()) {
  const costs = await agencyCosts(db, agencyId, now)
  const spent = costs.months.some((m) => [...(m.byProject?.values() ?? [])].some((amount) => amount > 0n))
  return { chart: spent ? costChart(costs, locale) : null, hasBudget: costs.budget !== null }
}

/** The chart's figures as CSV: one row per month and project, whole đồng as plain integers. */
export async function agencyCostCsv(db: Db, agencyId: string, locale: Locale, now = new Date()) {
  const { months, projectNames } = await agencyCosts(db, agencyId, now)
  const t = (key: MessageKey) => translate(locale, key)
  const rows = months.flatMap((m) =>
    [...(m.byProject ?? new Map<string, bigint>())].map(([id, amount]) => [
      m.month.slice(0, 7),
      projectNames.get(id) ?? id,
      amount.toString(),
    ]),
  )
  return toCsv([t('usage.table.slot'), t('costs.project'), t('costs.amount')], rows)
}
