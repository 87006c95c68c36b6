import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { Badge } from '#app/components/ui/badge'
import { EmptyState, PageHeader } from '#app/components/ui/page-header'
import { RouteErrorBoundary } from '#app/components/ui/route-error-boundary'
import { requireListScope } from '#app/utils/auth.server'
import { getDb } from '#app/utils/db.server'
import { withErrorReference } from '#app/utils/errors.server'
import { resolveLocale } from '#app/utils/i18n.server'
import { useT } from '#app/utils/i18n'
import { titleMeta } from '#app/utils/meta'
import { loadAgencyTree, type AgencyNode } from './agencies.server'

export async function loader({ request }: LoaderFunctionArgs) {
  const { agencyIds } = await requireListScope(request, 'agency.list')
  return withErrorReference(request, () => loadAgencyTree({ db: getDb(), locale: resolveLocale(request), agencyIds }))
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => titleMeta(data?.title, matches)

function AgencyList({ nodes, level }: { nodes: readonly AgencyNode[]; level: number }) {
  return (
    <ul className={level === 0 ? 'tree' : undefined}>
      {nodes.map((node) => (
        <li key={node.code}>
          <div className="tree__item">
            <Link to={`/agencies/${encodeURIComponent(node.code)}`} className="tree__name">
              {node.name}
            </Link>
            <span className="muted small">
              <code>{node.code}</code> · {node.kind} · {node.projects}
            </span>
            <Badge tone={node.status === 'active' ? 'success' : 'neutral'}>{node.statusLabel}</Badge>
            {node.mergedInto ? (
              <Link to={`/agencies/${encodeURIComponent(node.mergedInto.code)}`} className="small">
                {node.mergedInto.text}
              </Link>
            ) : null}
          </div>
          {node.children.length > 0 ? <AgencyList nodes={node.children} level={level + 1} /> : null}
        </li>
      ))}
    </ul>
  )
}

export default function Agencies() {
  const data = useLoaderData<typeof loader>()
  const t = useT()
  return (
    <>
      <PageHeader title={t('agencies.title')} intro={t('agencies.intro')} />
      {data.tree.length === 0 ? (
        <EmptyState>{t('agencies.empty')}</EmptyState>
      ) : (
        <AgencyList nodes={data.tree} level={0} />
      )}
    </>
  )
}

export function ErrorBoundary() {
  return <RouteErrorBoundary />
}
