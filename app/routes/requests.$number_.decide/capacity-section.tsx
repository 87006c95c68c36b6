import { Link } from '@remix-run/react'
import { Badge } from '#app/components/ui/badge'
import { DataTable, type Column } from '#app/components/ui/data-table'
import type { Translate } from '#app/utils/i18n'

type CapacityLine = {
  resource: string
  label: string
  capacity: string
  allocated: string
  change: string
  after: string
  fits: boolean
}

const capacityColumns: readonly Column<CapacityLine>[] = [
  { header: 'requests.resource', cell: (line) => line.label },
  { header: 'workflow.capacityPool', numeric: true, cell: (line) => line.capacity },
  { header: 'workflow.capacityAllocated', numeric: true, cell: (line) => line.allocated },
  { header: 'workflow.capacityChange', numeric: true, cell: (line) => line.change },
  { header: 'workflow.capacityAfter', numeric: true, cell: (line) => line.after },
  {
    header: 'workflow.queue.fit',
    cell: (line, t) => (
      <Badge tone={line.fits ? 'success' : 'danger'}>{line.fits ? t('workflow.fits') : t('workflow.doesNotFit')}</Badge>
    ),
  },
]

/** Whether the pools can hold the request: each resource's pool, what is allocated, and what is left after. */
export function CapacitySection({ lines, t }: { lines: readonly CapacityLine[]; t: Translate }) {
  if (lines.length === 0) return null
  return (
    <section aria-labelledby="capacity">
      <h2 id="capacity">{t('workflow.capacity')}</h2>
      <DataTable rows={lines} rowKey={(line) => line.resource} columns={capacityColumns} t={t} />
      <p>
        <Link to="/pools">{t('poolAdmin.link')}</Link>
      </p>
    </section>
  )
}
