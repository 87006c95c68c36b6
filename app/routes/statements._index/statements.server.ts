import { z } from 'zod'
import { formatDomainError } from '#server/i18n/domain-errors'
import { listStatements } from '#server/statements/read'
import { monthOfText } from '#server/statements/view'
import { requireListScope } from '#app/utils/auth.server'
import { getDb } from '#app/utils/db.server'
import { httpError, withErrorReference } from '#app/utils/errors.server'
import { formatNumber, resolveLocale, translate, type Locale } from '#app/utils/i18n.server'
import { agencyName, resourceLabel } from '#app/utils/labels.server'
import { searchObject } from '#app/utils/paging.server'

// The statements' list (issue 14, decision 0048 "Statements"): each agency's months the reader may
// see (statement.list: agency staff their own, operators and administrators every agency's), the
// latest version of each closed month and the open months' provisional figure; a filter by agency
// (offered to those who see more than one) and by month.

const Query = z.object({
  agency: z
    .string()
    .regex(/^([a-z0-9]+(-[a-z0-9]+)*)?$/)
    .max(63)
    .optional(),
  month: z
    .string()
    .regex(/^(\d{4}-\d{2})?$/)
    .optional(),
})

/** `2026-11` as the reader writes a month: `11/2026`. */
export const monthLabel = (month: string, locale: Locale): string =>
  locale === 'vi' ? `${month.slice(5, 7)}/${month.slice(0, 4)}` : month

export const dong = (amount: string, locale: Locale): string => formatNumber(BigInt(amount), locale)

export async function statementsPage(request: Request) {
  const { agencyIds } = await requireListScope(request, 'statement.list')
  const query = Query.safeParse(searchObject(new URL(request.url)))
  const month = query.success && query.data.month ? monthOfText(query.data.month) : undefined
  if (!query.success || month === null) throw httpError(request, 400, { key: 'statements.invalidFilter' })
  const locale = resolveLocale(request)
  const db = getDb()
  const agencyCode = query.data.agency || undefined
  const [items, agencies] = await withErrorReference(request, () =>
    Promise.all([
      listStatements(db, { visible: agencyIds, agencyCode, month, now: new Date() }),
      db.agency.findMany({
        where: agencyIds === null ? {} : { id: { in: [...agencyIds] } },
        select: { code: true, nameVi: true, nameEn: true },
        orderBy: { code: 'asc' },
      }),
    ]),
  )
  return {
    title: translate(locale, 'statements.title'),
    filter: { agency: agencyCode ?? '', month: query.data.month ?? '' },
    // Only someone who sees several agencies has a choice to make.
    agencies: agencies.length > 1 ? agencies.map((a) => ({ code: a.code, name: agencyName(a, locale) })) : [],
    rows: items.map((s) => ({
      key: `${s.agency.code}/${s.month}`,
      href: `/statements/${s.agency.code}/${s.month}`,
      agencyCode: s.agency.code,
      agency: agencyName(s.agency, locale),
      month: monthLabel(s.month, locale),
      version: s.version === null ? '' : String(s.version),
      state: s.state,
      stateLabel: translate(locale, `statements.state.${s.state}`),
      total:
        s.total !== null
          ? dong(s.total, locale)
          : translate(locale, 'statements.notPriced', {
              reason: s.problem ? formatDomainError(s.problem, locale, { resourceLabel }) : '',
            }),
    })),
  }
}
