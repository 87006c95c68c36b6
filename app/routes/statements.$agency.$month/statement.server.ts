import { z } from 'zod'
import { formatScaledDecimal } from '#server/domain/decimal'
import { formatDomainError } from '#server/i18n/domain-errors'
import { statementCsv, statementTable, statementXlsx } from '#server/statements/export'
import { readAgencyMonth, type AgencyRef } from '#server/statements/read'
import { monthOfText, type StatementView } from '#server/statements/view'
import { requireVisibleObject } from '#app/utils/auth.server'
import { getDb } from '#app/utils/db.server'
import { httpError, notFound, withErrorReference } from '#app/utils/errors.server'
import { formatDateTime, formatNumber, resolveLocale, translate, type Locale } from '#app/utils/i18n.server'
import { agencyName, resourceLabel } from '#app/utils/labels.server'
import { dong, monthLabel } from '../statements._index/statements.server'

// One agency's statement of a month (issue 14, decision 0048 "Statements"), for its page, its
// print view and its exports alike: the gate (statement.read on the agency: another agency's
// staff get the 404 a missing statement gets), then every stored version or the open month's
// provisional figure, and the version asked for (`?version=n`, else the latest).

const AgencyCode = z
  .string()
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/)
  .max(63)
const VersionParam = z.coerce.number().int().min(1).max(100_000)

/** The statement the address names, authorised, with the version to show; 404 when there is none to read. */
export async function loadStatement(request: Request, params: { agency?: string; month?: string }) {
  const code = AgencyCode.safeParse(params.agency)
  const month = monthOfText(params.month ?? '')
  const missing = { key: 'statements.notFound' } as const
  const { found: agency } = await requireVisibleObject(request, 'statement.read', {
    type: 'MonthStatement',
    missing,
    find: async () => {
      if (!code.success || month === null) return null
      const row = await getDb().agency.findUnique({
        where: { code: code.data },
        select: { id: true, code: true, nameVi: true, nameEn: true },
      })
      return row && { ...row, agencyId: row.id }
    },
  })
  const read = await withErrorReference(request, () => readAgencyMonth(getDb(), agency.id, month!, new Date()))
  if (read === null) throw notFound(request, missing)
  const asked = new URL(request.url).searchParams.get('version')
  const wanted = asked === null ? null : VersionParam.safeParse(asked)
  if (wanted && !wanted.success) throw notFound(request, missing)
  const shown = wanted
    ? read.versions.find((v) => v.version === wanted.data)
    : (read.versions.at(-1) ?? read.provisional)
  if (wanted && !shown) throw notFound(request, missing)
  return { agency: agency as AgencyRef, month: month!, read, shown: shown ?? null }
}

/** Whole Wh or grams as kWh or kg with two decimals (`0,01`); a dash when not estimated. */
function perThousand(value: string | null, locale: Locale): string {
  if (value === null) return '—'
  const exact = formatScaledDecimal(BigInt(value), 3) as `${number}`
  return formatNumber(exact, locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 })
}

function linesOf(view: StatementView, locale: Locale) {
  const number = (text: string) => formatNumber(text as `${number}`, locale, { exact: true })
  return view.projects.map((p) => ({
    projectId: p.projectId,
    name: p.name,
    namespace: p.namespace,
    total: dong(p.total, locale),
    lines: p.lines.map((l) => ({
      key: `${p.projectId}|${l.resource}`,
      resource: resourceLabel(l.resource, locale),
      basis: translate(locale, `rates.basis.${l.basis}`),
      quantity: number(l.quantity),
      unit: translate(locale, `rates.unit.${l.unit}`),
      price: l.prices.map(number).join(' / '),
      amount: dong(l.amount, locale),
      unmeasuredHours: String(l.unmeasuredHours),
      energy: perThousand(l.energyWh, locale),
      co2e: perThousand(l.co2eGrams, locale),
    })),
  }))
}

function changesOf(view: StatementView, locale: Locale) {
  const number = (text: string) => formatNumber(text as `${number}`, locale, { exact: true })
  return view.changes.map((c) => ({
    key: `${c.projectId}|${c.resource}`,
    project: c.projectName,
    resource: resourceLabel(c.resource, locale),
    amount: `${dong(c.amountBefore, locale)} → ${dong(c.amountAfter, locale)}`,
    quantity: `${number(c.quantityBefore)} → ${number(c.quantityAfter)}`,
    unmeasured: `${c.unmeasuredHoursBefore} → ${c.unmeasuredHoursAfter}`,
    energy: `${perThousand(c.energyWhBefore, locale)} → ${perThousand(c.energyWhAfter, locale)}`,
    co2e: `${perThousand(c.co2eGramsBefore, locale)} → ${perThousand(c.co2eGramsAfter, locale)}`,
  }))
}

/** What the page and the print view show, in the reader's language. */
export async function statementPage(request: Request, params: { agency?: string; month?: string }) {
  const { agency, month, read, shown } = await loadStatement(request, params)
  const locale = resolveLocale(request)
  const name = agencyName(agency, locale)
  const base = `/statements/${agency.code}/${month.slice(0, 7)}`
  const version = shown?.version ?? null
  const query = version === null ? '' : `&version=${version}`
  return {
    title: translate(locale, 'statements.page.title', { month: monthLabel(month.slice(0, 7), locale), agency: name }),
    agency: { code: agency.code, name },
    state: shown?.state ?? 'provisional',
    stateText:
      shown && version !== null && shown.createdAt
        ? translate(locale, 'statements.page.versionOf', {
            version,
            at: formatDateTime(new Date(shown.createdAt), locale),
          })
        : translate(locale, 'statements.page.provisional'),
    problem: read.problem ? formatDomainError(read.problem, locale, { resourceLabel }) : null,
    projects: shown ? linesOf(shown, locale) : [],
    total: shown ? dong(shown.total, locale) : null,
    footprint:
      shown && shown.energyWh !== null && shown.co2eGrams !== null
        ? translate(locale, 'statements.page.footprintTotal', {
            energy: perThousand(shown.energyWh, locale),
            co2e: perThousand(shown.co2eGrams, locale),
          })
        : null,
    changes: shown ? changesOf(shown, locale) : [],
    previousVersion: version !== null && version > 1 ? version - 1 : null,
    versions: read.versions.map((v) => ({
      version: v.version!,
      at: v.createdAt ? formatDateTime(new Date(v.createdAt), locale) : '',
      total: dong(v.total, locale),
      changed: v.changes.length,
      href: `${base}?version=${v.version}`,
      current: v.version === version,
    })),
    links: {
      list: '/statements',
      csv: `${base}/export?format=csv${query}`,
      xlsx: `${base}/export?format=xlsx${query}`,
      print: `${base}/print${version === null ? '' : `?version=${version}`}`,
    },
  }
}

const FILE_TYPES = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const

/**
 * The statement as a file (`?format=csv|xlsx`), on the page's terms, in the reader's language. The
 * file name is ASCII (the agency's code), so no browser mangles it.
 */
export async function statementFile(request: Request, params: { agency?: string; month?: string }) {
  const format = new URL(request.url).searchParams.get('format')
  const { agency, month, shown } = await loadStatement(request, params)
  if (format !== 'csv' && format !== 'xlsx') throw httpError(request, 400, { key: 'statements.invalidFilter' })
  if (shown === null) throw httpError(request, 404, { key: 'statements.notPricedYet' })
  const locale = resolveLocale(request)
  const labels = {
    agencyName: agencyName(agency, locale),
    agencyCode: agency.code,
    resource: (r: string) => resourceLabel(r, locale),
  }
  const table = statementTable(shown, labels, locale)
  const body =
    format === 'csv'
      ? statementCsv(table, locale)
      : await statementXlsx(table, translate(locale, 'statements.export.sheet'))
  const version = shown.version === null ? 'tam-tinh' : `v${shown.version}`
  return new Response(body, {
    headers: {
      'Content-Type': FILE_TYPES[format],
      'Content-Disposition': `attachment; filename="bang-ke-${agency.code}-${month.slice(0, 7)}-${version}.${format}"`,
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    },
  })
}
