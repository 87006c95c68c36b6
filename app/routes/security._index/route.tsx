import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { SecurityNav } from '#app/components/security-nav'
import { Fact } from '#app/components/ui/fact'
import { PageHeader } from '#app/components/ui/page-header'
import { RouteErrorBoundary } from '#app/components/ui/route-error-boundary'
import { requireListScope } from '#app/utils/auth.server'
import { getDb } from '#app/utils/db.server'
import { withErrorReference } from '#app/utils/errors.server'
import { resolveLocale, translate } from '#app/utils/i18n.server'
import { useT } from '#app/utils/i18n'
import { titleMeta } from '#app/utils/meta'
import { loadDashboard } from './dashboard.server'
import { ScansTable } from './scans-table'
import { SummaryTable } from './summary-table'
import { TrendChart } from './trend-chart'

// The security officer's dashboard (issue 13, decision 0043): findings to fix by severity ×
// agency × level, their trend, overdue and waived, the sign-off queue's length, the audit trail's
// last checkpoint and the scanners' last runs. findings.read, each figure within the reader's
// agencies; the platform's figures only to those who may read them (dashboard.server.ts).
export async function loader({ request }: LoaderFunctionArgs) {
  const { principal, agencyIds } = await requireListScope(request, 'findings.read')
  const locale = resolveLocale(request)
  const dashboard = await withErrorReference(request, () =>
    loadDashboard(getDb(), { principal, agencyIds, locale, now: new Date() }),
  )
  return { title: translate(locale, 'security.dashboard.title'), ...dashboard }
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => titleMeta(data?.title, matches)

export default function SecurityDashboard() {
  const data = useLoaderData<typeof loader>()
  const t = useT()
  return (
    <>
      <SecurityNav />
      <PageHeader title={data.title} intro={t('security.dashboard.intro')}>
        {data.scoped ? <p className="muted">{t('security.dashboard.scopeNote')}</p> : null}
      </PageHeader>
      <dl className="facts" data-testid="security-facts">
        <Fact label={t('security.dashboard.toFix')}>
          <Link to="/security/findings?status=open%2Coverdue">{data.toFix}</Link>
        </Fact>
        <Fact label={t('security.dashboard.overdue')}>
          <Link to="/security/findings?status=overdue">{data.overdue}</Link>
        </Fact>
        <Fact label={t('security.dashboard.waived')}>
          <Link to="/security/findings?status=waived">{data.waived}</Link>
        </Fact>
        {data.signOff !== null ? (
          <Fact label={t('security.dashboard.signOff')}>
            <span data-testid="sign-off-count">{data.signOff}</span>{' '}
            <Link to="/security/sign-off">{t('security.dashboard.signOffLink')}</Link>
          </Fact>
        ) : null}
        {data.checkpoint !== null ? (
          <Fact label={t('security.dashboard.checkpoint')}>
            <Link to="/audit" data-testid="last-checkpoint" className={data.checkpoint.alarm ? 'reduced' : undefined}>
              {data.checkpoint.text}
            </Link>
            {data.checkpoint.stale ? <span className="reduced"> {data.checkpoint.stale}</span> : null}
          </Fact>
        ) : null}
      </dl>
      <SummaryTable rows={data.cells} t={t} />
      <TrendChart days={data.trend} t={t} />
      {data.scans !== null ? <ScansTable scans={data.scans} t={t} /> : null}
    </>
  )
}

export function ErrorBoundary() {
  return <RouteErrorBoundary />
}
