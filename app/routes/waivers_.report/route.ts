import type { LoaderFunctionArgs } from '@remix-run/node'
import { toCsv } from '#app/utils/waivers.server'
import { requireListScope } from '#app/utils/auth.server'
import { getDb } from '#app/utils/db.server'
import { withErrorReference } from '#app/utils/errors.server'
import { resolveLocale, translate } from '#app/utils/i18n.server'
import { loadWaiverReport } from '../waivers._index/report.server'

// GET /waivers/report: the waivers page's three lists as one CSV (a section column says which),
// in the reader's language, on the page's terms (waiver.list, scoped by agency).
export async function loader({ request }: LoaderFunctionArgs) {
  const { agencyIds } = await requireListScope(request, 'waiver.list')
  const locale = resolveLocale(request)
  const report = await withErrorReference(request, () => loadWaiverReport(getDb(), { agencyIds, locale }))
  const t = (key: Parameters<typeof translate>[1]) => translate(locale, key)
  const header = [
    t('waiver.col.number'),
    t('waiver.list.section'),
    t('waiver.col.agency'),
    t('waiver.col.project'),
    t('waiver.col.check'),
    t('waiver.col.subject'),
    t('waiver.col.state'),
    t('waiver.col.requestedBy'),
    t('waiver.col.requestedAt'),
    t('waiver.col.expiresAt'),
  ]
  const sections = [
    ['queue.title', report.queue],
    ['expiring.title', report.expiring],
    ['expired.title', report.expired],
  ] as const
  const rows = sections.flatMap(([section, waivers]) =>
    waivers.map((w) => [
      w.number,
      t(`waiver.${section}`),
      w.agency,
      w.namespace,
      w.checkId,
      w.subject,
      w.stateLabel,
      w.requestedBy,
      w.requestedAt,
      w.expiresAt,
    ]),
  )
  return new Response(toCsv(header, rows), {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': 'attachment; filename="waivers.csv"',
      'Cache-Control': 'no-store',
    },
  })
}
