import type { MessageKey, Translate } from '#app/utils/i18n'

export interface HeadroomTableProps {
  readonly lines: readonly { resource?: string; label: string; used: string; granted: string; requested: string }[]
  /** Under the table: when the use was measured. */
  readonly note?: string
  /** The last column: what awaits a decision (project and agency pages) or this request (decision page). */
  readonly requestedLabel?: MessageKey
  readonly t: Translate
}

/** Used / granted / requested, per resource: the same table for a project, an agency and a decision. */
export function HeadroomTable({ lines, note, requestedLabel = 'headroom.requested', t }: HeadroomTableProps) {
  if (lines.length === 0) return <p className="empty">{t('headroom.empty')}</p>
  return (
    <>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t('requests.resource')}</th>
              <th scope="col" className="num">
                {t('headroom.used')}
              </th>
              <th scope="col" className="num">
                {t('headroom.granted')}
              </th>
              <th scope="col" className="num">
                {t(requestedLabel)}
              </th>
            </tr>
          </thead>
          <tbody>
            {lines.map((line) => (
              <tr key={line.resource ?? line.label}>
                <th scope="row">{line.label}</th>
                <td className="num">{line.used}</td>
                <td className="num">{line.granted}</td>
                <td className="num">{line.requested}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {note ? <p className="muted">{note}</p> : null}
    </>
  )
}
