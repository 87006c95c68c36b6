import { Link } from '@remix-run/react'
import { DataTable, type Column } from '#app/components/ui/data-table'
import type { Translate } from '#app/utils/i18n'
import { EmptyState } from '#app/components/ui/page-header'

type PoolResource = {
  resource: string
  label: string
  allocated: string
  capacity: string
  percent: { text: string; value: number } | null
  overcommit: string | null
}
type Pool = { code: string; name: string; kind: string; resources: readonly PoolResource[] }

const resourceColumns: readonly Column<PoolResource>[] = [
  {
    header: 'dashboard.resource',
    cell: (row) => (
      <>
        {row.label}
        {row.overcommit ? <span className="muted small"> ({row.overcommit})</span> : null}
      </>
    ),
  },
  { header: 'dashboard.allocated', numeric: true, cell: (row) => row.allocated },
  { header: 'dashboard.capacity', numeric: true, cell: (row) => row.capacity },
  {
    header: 'dashboard.percent',
    cell: (row, t) =>
      row.percent ? (
        <span className="usage">
          <meter min={0} max={100} low={70} high={90} optimum={0} value={row.percent.value} />
          <span>{row.percent.text}</span>
        </span>
      ) : (
        t('common.none')
      ),
  },
]

/** The data centre's capacity pools: per resource, how much is allocated of what each can give. */
export function Pools({ pools, t }: { pools: readonly Pool[]; t: Translate }) {
  return (
    <section aria-labelledby="pools">
      <h2 id="pools">{t('dashboard.pools')}</h2>
      <p>
        <Link to="/pools">{t('poolAdmin.link')}</Link>
      </p>
      {pools.length === 0 ? (
        <EmptyState>{t('dashboard.poolsEmpty')}</EmptyState>
      ) : (
        pools.map((pool) => (
          <div key={pool.code} className="pool">
            <h3>
              {pool.name} <span className="muted">· {pool.kind}</span>
            </h3>
            <p>
              <Link to={`/pools/${encodeURIComponent(pool.code)}`}>{t('pools.usage.link')}</Link>
            </p>
            <DataTable rows={pool.resources} rowKey={(row) => row.resource} columns={resourceColumns} t={t} />
          </div>
        ))
      )}
    </section>
  )
}
