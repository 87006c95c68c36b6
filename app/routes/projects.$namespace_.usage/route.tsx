import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { Chart } from '#app/components/chart'
import { projectPath } from '#app/components/paths'
import { EmptyState, PageHeader } from '#app/components/ui/page-header'
import { RouteErrorBoundary } from '#app/components/ui/route-error-boundary'
import { useT } from '#app/utils/i18n'
import { resolveLocale, translate } from '#app/utils/i18n.server'
import { titleMeta } from '#app/utils/meta'
import { usagePage } from './usage.server'

// A project's use over time (issue 14, decision 0051): one chart per resource, drawn on the
// server, each with its table; the period is a link, so the page works without JavaScript.

const RESOLUTIONS = ['hour', 'day', 'month'] as const

export async function loader({ request, params }: LoaderFunctionArgs) {
  const page = await usagePage(request, params.namespace)
  // The page's heading: the project's own page has its name alone.
  return { ...page, title: translate(resolveLocale(request), 'usage.title', { project: page.name }) }
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => titleMeta(data?.title, matches)

export default function ProjectUsage() {
  const page = useLoaderData<typeof loader>()
  const t = useT()
  const base = `${projectPath(page.namespace)}/usage`
  return (
    <>
      <PageHeader title={page.title} intro={t('usage.intro')} above={page.name} />
      <nav aria-label={t('usage.resolution')} className="sub-nav">
        <ul>
          {RESOLUTIONS.map((resolution) => (
            <li key={resolution}>
              <Link
                to={`${base}?resolution=${resolution}`}
                aria-current={resolution === page.resolution ? 'page' : undefined}
              >
                {t(`usage.resolution.${resolution}`)}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <p>
        <a href={`${base}.csv?resolution=${page.resolution}`} download>
          {t('usage.csv')}
        </a>
      </p>
      {page.charts.length === 0 ? (
        <EmptyState>{t('usage.empty')}</EmptyState>
      ) : (
        page.charts.map((chart) => <Chart key={chart.id} chart={chart} t={t} />)
      )}
    </>
  )
}

export function ErrorBoundary() {
  return <RouteErrorBoundary />
}
