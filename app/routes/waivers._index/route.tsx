import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { projectPath } from '#app/components/paths'
import { DataTable, type Column } from '#app/components/ui/data-table'
import { SecurityNav } from '#app/components/security-nav'
import { waiverColumns } from '#app/components/waiver-columns'
import { EmptyState, PageHeader } from '#app/components/ui/page-header'
import { RouteErrorBoundary } from '#app/components/ui/route-error-boundary'
import { requireListScope } from '#app/utils/auth.server'
import { getDb } from '#app/utils/db.server'
import { withErrorReference } from '#app/utils/errors.server'
import { resolveLocale, translate } from '#app/utils/i18n.server'
import { useT, type MessageKey } from '#app/utils/i18n'
import { titleMeta } from '#app/utils/meta'
import { loadWaiverReport, type ReportRow } from './report.server'

// The waivers page: the requests waiting for a security officer's decision, the waivers expiring
// within 30 days and the expired ones, with the report as CSV. waiver.list, scoped by agency.
export async function loader({ request }: LoaderFunctionArgs) {
  const { agencyIds } = await requireListScope(request, 'waiver.list')
  const locale = resolveLocale(request)
  const report = await withErrorReference(request, () => loadWaiverReport(getDb(), { agencyIds, locale }))
  return { title: translate(locale, 'waiver.list.title'), ...report }
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => titleMeta(data?.title, matches)

const columns: Column<ReportRow>[] = [
  waiverColumns.number,
  { header: 'waiver.col.project', cell: (w) => <Link to={projectPath(w.namespace)}>{w.project}</Link> },
  { header: 'waiver.col.agency', cell: (w) => w.agency },
  waiverColumns.check,
  waiverColumns.subject,
  waiverColumns.state,
  { header: 'waiver.col.requestedBy', cell: (w) => `${w.requestedBy} (${w.requestedAt})` },
  waiverColumns.expiresAt,
]

function Section({ id, title, none, rows }: { id: string; title: MessageKey; none: MessageKey; rows: ReportRow[] }) {
  const t = useT()
  return (
    <section aria-labelledby={id}>
      <h2 id={id}>{t(title)}</h2>
      {rows.length === 0 ? (
        <EmptyState>{t(none)}</EmptyState>
      ) : (
        <DataTable
          rows={rows}
          columns={columns}
          rowKey={(w) => w.number}
          rowData={(w) => ({ 'data-waiver': String(w.number) })}
          t={t}
        />
      )}
    </section>
  )
}

export default function Waivers() {
  const page = useLoaderData<typeof loader>()
  const t = useT()
  return (
    <>
      <SecurityNav />
      <PageHeader title={t('waiver.list.title')} intro={t('waiver.list.intro')}>
        <p>
          <a href="/waivers/report" className="button button--secondary" download>
            {t('waiver.report.csv')}
          </a>
        </p>
      </PageHeader>
      <Section id="queue" title="waiver.queue.title" none="waiver.queue.none" rows={page.queue} />
      <Section id="expiring" title="waiver.expiring.title" none="waiver.expiring.none" rows={page.expiring} />
      <Section id="expired" title="waiver.expired.title" none="waiver.expired.none" rows={page.expired} />
    </>
  )
}

export function ErrorBoundary() {
  return <RouteErrorBoundary />
}
