import { DataTable, type Column } from '#app/components/ui/data-table'
import type { Translate } from '#app/utils/i18n'

type Line = { resource: string; label: string; requested: string; decided: string | null; reduced: boolean }

const lineColumns: readonly Column<Line>[] = [
  { header: 'requests.resource', cell: (line) => line.label },
  { header: 'requests.requested', numeric: true, cell: (line) => line.requested },
  {
    header: 'requests.decided',
    numeric: true,
    cell: (line, t) => line.decided ?? t('common.none'),
    cellClassName: (line) => (line.reduced ? 'num reduced' : 'num'),
  },
]

/** Each resource asked for, and what the decision granted (marked where it granted less). */
export function RequestLines({ lines, t }: { lines: readonly Line[]; t: Translate }) {
  return (
    <section aria-labelledby="lines">
      <h2 id="lines">{t('requests.lines')}</h2>
      <DataTable rows={lines} rowKey={(line) => line.resource} columns={lineColumns} t={t} />
    </section>
  )
}
