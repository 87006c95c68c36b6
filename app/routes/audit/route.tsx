import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { redirect } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { SecurityNav } from '#app/components/security-nav'
import { EmptyState, PageHeader } from '#app/components/ui/page-header'
import { RouteErrorBoundary } from '#app/components/ui/route-error-boundary'
import { PLATFORM, requireAuthorised } from '#app/utils/auth.server'
import { getDb } from '#app/utils/db.server'
import { readForm } from '#app/utils/form.server'
import { httpError, withErrorReference } from '#app/utils/errors.server'
import { resolveLocale, translate } from '#app/utils/i18n.server'
import { useT } from '#app/utils/i18n'
import { titleMeta } from '#app/utils/meta'
import { searchObject } from '#app/utils/paging.server'
import { auditConsoleDeps } from './audit-deps.server'
import { ExportForm } from './export-form'
import { IntegrityPanel } from './integrity-panel'
import { loadIntegrity } from './integrity.server'
import { exportLimitText, requestVerification } from './requests.server'
import { TrailFilter } from './trail-filter'
import { TrailPager } from './trail-pager'
import { TrailQuery, loadTrail } from './trail.server'
import { TrailTable } from './trail-table'

// The audit trail in the security officer's workspace (issue 13, decisions 0036 and 0037): its
// integrity, the search, each entry's place in the chain and the export. audit.read only: security
// officers and platform administrators (server/identity/authorise.ts).

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAuthorised(request, 'audit.read', PLATFORM)
  const query = TrailQuery.safeParse(searchObject(new URL(request.url)))
  if (!query.success) throw httpError(request, 400, { key: 'audit.invalidFilter' })
  const locale = resolveLocale(request)
  return withErrorReference(request, async () => {
    const db = getDb()
    const [trail, integrity] = await Promise.all([
      loadTrail(db, query.data, locale),
      loadIntegrity(db, auditConsoleDeps(), locale, new Date()),
    ])
    return { ...trail, integrity, exportLimit: exportLimitText(locale), title: translate(locale, 'audit.title') }
  })
}

/** "Verify now": queues the worker's full verification, recorded as asked by this person. */
export async function action({ request }: ActionFunctionArgs) {
  const principal = await requireAuthorised(request, 'audit.read', PLATFORM)
  const form = await readForm(request)
  if (form.get('intent') !== 'verify') throw httpError(request, 400, { key: 'audit.invalidFilter' })
  await withErrorReference(request, () => requestVerification(getDb(), principal, request))
  return redirect(`/audit${new URL(request.url).search}`)
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => titleMeta(data?.title, matches)

export default function AuditTrail() {
  const data = useLoaderData<typeof loader>()
  const t = useT()
  return (
    <>
      <SecurityNav />
      <PageHeader title={data.title} intro={t('audit.intro')} />
      <IntegrityPanel view={data.integrity} t={t} />
      <h2>{t('audit.filter.legend')}</h2>
      <TrailFilter search={data.search} actions={data.actions} t={t} />
      {data.rows.length === 0 ? <EmptyState>{t('audit.empty')}</EmptyState> : <TrailTable rows={data.rows} t={t} />}
      <TrailPager newer={data.newer} older={data.older} range={data.range} t={t} />
      <ExportForm search={data.search} limit={data.exportLimit} t={t} />
    </>
  )
}

export function ErrorBoundary() {
  return <RouteErrorBoundary />
}
