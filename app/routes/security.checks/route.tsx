import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { SecurityNav } from '#app/components/security-nav'
import { Badge } from '#app/components/ui/badge'
import { DataTable, type Column } from '#app/components/ui/data-table'
import { PageHeader } from '#app/components/ui/page-header'
import { RouteErrorBoundary } from '#app/components/ui/route-error-boundary'
import { PLATFORM, requireAuthorised } from '#app/utils/auth.server'
import { resolveLocale, translate } from '#app/utils/i18n.server'
import { useT } from '#app/utils/i18n'
import { titleMeta } from '#app/utils/meta'
import { severityTone } from '#app/utils/tones'
import { catalogueRows, type CatalogueRow } from './checks.server'

// The catalogue of security checks (issue 13, decision 0043): what each check asks, at which
// levels, how severe and how it is held there. checks.read: the console's own rules, the same
// for everyone signed in (findings.read holders among them).
export async function loader({ request }: LoaderFunctionArgs) {
  await requireAuthorised(request, 'checks.read', PLATFORM)
  const locale = resolveLocale(request)
  return { title: translate(locale, 'security.checks.title'), checks: catalogueRows(locale) }
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => titleMeta(data?.title, matches)

const LEVEL_HEADERS = [
  'security.checks.level1',
  'security.checks.level2',
  'security.checks.level3',
  'security.checks.level4',
  'security.checks.level5',
] as const

/** One level's cell: the severity as a badge and the enforcement in words, or "does not apply". */
function levelColumn(header: (typeof LEVEL_HEADERS)[number], index: number): Column<CatalogueRow> {
  return {
    header,
    cell: (row, t) => {
      const rule = row.levels[index]
      if (!rule?.severity) return <span className="level-cell--none">{t('security.checks.notApplicable')}</span>
      return (
        <span data-level={rule.level} data-severity={rule.severity} data-enforcement={rule.enforcement}>
          <Badge tone={severityTone(rule.severity)}>{rule.severityLabel}</Badge>{' '}
          <span className="small">{rule.enforcementLabel}</span>
        </span>
      )
    },
  }
}

const COLUMNS: readonly Column<CatalogueRow>[] = [
  { header: 'security.checks.id', cell: (row) => <code>{row.id}</code> },
  {
    header: 'security.checks.check',
    cell: (row) => (
      <details>
        <summary>{row.title}</summary>
        <p className="small">{row.remediation}</p>
      </details>
    ),
  },
  { header: 'security.checks.subject', cell: (row) => row.subject },
  { header: 'security.checks.group', cell: (row) => row.group },
  ...LEVEL_HEADERS.map(levelColumn),
  { header: 'security.checks.preventable', cell: (row) => row.preventable },
]

export default function SecurityChecks() {
  const data = useLoaderData<typeof loader>()
  const t = useT()
  return (
    <>
      <SecurityNav />
      <PageHeader title={data.title} intro={t('security.checks.intro')} />
      <DataTable
        rows={data.checks}
        columns={COLUMNS}
        rowKey={(row) => row.id}
        rowData={(row) => ({ 'data-check': row.id })}
        t={t}
      />
    </>
  )
}

export function ErrorBoundary() {
  return <RouteErrorBoundary />
}
