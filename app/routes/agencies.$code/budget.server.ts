import { z } from 'zod'
import { budgetOverview, type BudgetOverview } from '#server/budgets/views'
import { budgetInForce, saveBudget } from '#server/budgets/store'
import { BUDGET_YEARS_AHEAD, localYearOf } from '#server/domain/budget'
import { formatDomainError } from '#server/i18n/domain-errors'
import { formatMoneyVnd, numberSymbols } from '#server/i18n/format'
import { actorOf, type Principal } from '#server/identity/principal'
import { percentText } from '#server/notifications/alert-render'
import { may, ofAgency, requireAuthorised } from '#app/utils/auth.server'
import { requestOrigin } from '#app/utils/client-origin.server'
import { getDb } from '#app/utils/db.server'
import { readForm } from '#app/utils/form.server'
import { formatDateTime, resolveLocale, translate, type Locale } from '#app/utils/i18n.server'

// The budget's section of the agency's page (issue 14, decision 0050): its staff and the central
// roles read it (budget.read); operators and platform administrators set a new version
// (budget.manage), on top of the version they saw.

const money = (text: string | null, locale: Locale) =>
  text === null ? translate(locale, 'budget.unknown') : formatMoneyVnd(BigInt(text), locale)

function levelText(level: number, locale: Locale) {
  return level === 0 ? translate(locale, 'budget.level.0') : translate(locale, 'budget.level.reached', { level })
}

function budgetView(overview: BudgetOverview, locale: Locale) {
  const share = (permille: number | null) =>
    permille === null ? null : translate(locale, 'budget.share', { percent: percentText(permille, locale) })
  return {
    year: overview.year,
    version: overview.budget?.version ?? 0,
    amount: overview.budget ? money(overview.budget.amount, locale) : null,
    priced: overview.spent !== null,
    spent: money(overview.spent, locale),
    spentShare: share(overview.spentPermille),
    spentLevel: overview.spentLevel,
    spentLevelText: levelText(overview.spentLevel, locale),
    forecast: money(overview.forecast, locale),
    forecastShare: share(overview.forecastPermille),
    forecastLevel: overview.forecastLevel,
    forecastLevelText: levelText(overview.forecastLevel, locale),
    runRate: money(overview.dailyRunRate, locale),
    versions: overview.versions.map((v) => ({
      version: v.version,
      line: translate(locale, 'budget.versionLine', {
        version: v.version,
        amount: money(v.amount, locale),
        who: v.createdBy,
        at: formatDateTime(new Date(v.createdAt), locale),
      }),
      note: v.note,
    })),
  }
}

/** The section's data, or null for whoever may not read the agency's budget. */
export async function loadBudget(principal: Principal, agencyId: string, locale: Locale, now = new Date()) {
  if (!may(principal, 'budget.read', ofAgency(agencyId))) return null
  const year = localYearOf(now)
  const view = budgetView(await budgetOverview(getDb(), agencyId, year, now), locale)
  if (!may(principal, 'budget.manage', ofAgency(agencyId))) return { ...view, form: null }
  // Each year offered with the version in force the save must be based on (0 for none).
  const years = await Promise.all(
    Array.from({ length: BUDGET_YEARS_AHEAD + 1 }, (_, i) => year + i).map(async (offered) => {
      const current = await budgetInForce(getDb(), agencyId, offered)
      const label = current
        ? translate(locale, 'budget.form.yearSet', { year: offered, amount: money(current.amount.toString(), locale) })
        : String(offered)
      return { year: offered, version: current?.version ?? 0, label }
    }),
  )
  return { ...view, form: { years } }
}

const Posted = z.object({
  year: z.coerce.number().int().min(1000).max(9999),
  amount: z.string().max(40),
  note: z.string().max(500),
  expectedVersion: z.coerce.number().int().min(0).max(1_000_000),
})

/** Saves the posted budget: 200 when saved, 409 when stale, 422 with the errors by field and what was typed. */
export async function setBudgetFromForm(request: Request, agencyId: string) {
  const principal = await requireAuthorised(request, 'budget.manage', ofAgency(agencyId))
  const locale = resolveLocale(request)
  const form = await readForm(request)
  const field = (name: string) => {
    const value = form.get(name)
    return typeof value === 'string' ? value : ''
  }
  const values = Object.fromEntries(['year', 'amount', 'note'].map((name) => [name, field(name)]))
  // The version the editor saw of the year chosen: one hidden field per year offered.
  const posted = Posted.safeParse({ ...values, expectedVersion: field(`expectedVersion:${values['year']}`) })
  if (!posted.success)
    return { status: 422, year: null, errors: { amount: [translate(locale, 'budget.form.failed')] }, values }
  const saved = await saveBudget(getDb(), {
    agencyId,
    ...posted.data,
    symbols: numberSymbols(locale),
    actor: actorOf(principal),
    origin: requestOrigin(request),
  })
  if (saved.ok) return { status: 200, year: saved.budget.year, errors: {}, values }
  const errors: Record<string, string[]> = {}
  for (const found of saved.issues) (errors[found.path] ??= []).push(formatDomainError(found.error, locale))
  return { status: saved.stale ? 409 : 422, year: null, errors, values }
}
