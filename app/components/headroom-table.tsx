import { DataTable, type Column } from '#app/components/ui/data-table'
import type { MessageKey, Translate } from '#app/utils/i18n'
import { EmptyState } from '#app/components/ui/page-header'

type HeadroomLine = { resource?: string; label: string; used: string; granted: string; requested: string }

export interface HeadroomTableProps {
  readonly lines: readonly HeadroomLine[]
  /** Under the table: when the use was measured. */
  readonly note?: string
  /** The last column: what awaits a decision (project and agency pages) or this request (decision page). */
  readonly requestedLabel?: MessageKey
  readonly t: Translate
}

const headroomColumns = (requestedLabel: MessageKey): readonly Column<HeadroomLine>[] => [
  { header: 'requests.resource', cell: (line) => line.label },
  { header: 'headroom.used', numeric: true, cell: (line) => line.used },
  { header: 'headroom.granted', numeric: true, cell: (line) => line.granted },
  { header: requestedLabel, numeric: true, cell: (line) => line.requested },
]

/** Used / granted / requested, per resource: the same table for a project, an agency and a decision. */
export function HeadroomTable({ lines, note, requestedLabel = 'headroom.requested', t }: HeadroomTableProps) {
  if (lines.length === 0) return <EmptyState>{t('headroom.empty')}</EmptyState>
  return (
    <>
      <DataTable
        rows={lines}
        rowKey={(line) => line.resource ?? line.label}
        columns={headroomColumns(requestedLabel)}
        t={t}
      />
      {note ? <p className="muted">{note}</p> : null}
    </>
  )
}
