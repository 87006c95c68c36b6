import type { LoaderFunctionArgs } from '@remix-run/node'
import { requireListScope } from '#app/utils/auth.server'
import { getDb } from '#app/utils/db.server'
import { httpError, withErrorReference } from '#app/utils/errors.server'
import { resolveLocale, translate } from '#app/utils/i18n.server'
import { searchObject } from '#app/utils/paging.server'
import { toCsv } from '#app/utils/waivers.server'
import { allFindingRows, FindingsQuery } from '../security.findings/findings.server'

// GET /security/findings.csv: what the findings list's search matches (every page, up to
// CSV_LIMIT), on the list's terms (findings.read, within the reader's agencies), in the reader's
// language, through the console's one CSV writer (UTF-8 with its mark, safe from formulas).
export async function loader({ request }: LoaderFunctionArgs) {
  const { principal, agencyIds } = await requireListScope(request, 'findings.read')
  const query = FindingsQuery.safeParse(searchObject(new URL(request.url)))
  if (!query.success) throw httpError(request, 400, { key: 'security.invalidFilter' })
  const { after: _after, ...search } = query.data
  const locale = resolveLocale(request)
  const now = new Date()
  const rows = await withErrorReference(request, () =>
    allFindingRows({ db: getDb(), principal, agencyIds, search, locale, now }),
  )
  const t = (key: Parameters<typeof translate>[1]) => translate(locale, key)
  const header = [
    t('security.csv.id'),
    t('waiver.findings.check'),
    t('security.csv.title'),
    t('waiver.findings.severity'),
    t('waiver.findings.status'),
    t('security.csv.due'),
    t('security.csv.waivedUntil'),
    t('security.csv.resolved'),
    t('security.findings.agency'),
    t('security.csv.agencyCode'),
    t('security.findings.project'),
    t('security.filter.level'),
    t('security.csv.kind'),
    t('security.csv.namespace'),
    t('security.csv.name'),
    t('security.csv.firstSeen'),
    t('security.csv.lastSeen'),
    t('waiver.findings.remediation'),
  ]
  const lines = rows.map((f) => [
    f.id,
    f.checkId,
    f.checkTitle,
    f.severityLabel,
    f.statusLabel,
    f.resolved || f.waivedUntil ? '' : f.due,
    f.waivedUntil ?? '',
    f.resolved ?? '',
    f.agency,
    f.agencyCode,
    f.project?.namespace ?? '',
    f.level ?? '',
    f.subjectKind,
    f.subjectNamespace,
    f.subjectName,
    f.firstSeen,
    f.lastSeen,
    f.remediation,
  ])
  const day = now.toISOString().slice(0, 10)
  return new Response(toCsv(header, lines), {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${t('security.csv.file')}-${day}.csv"`,
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    },
  })
}
