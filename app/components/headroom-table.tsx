import type { Translate } from '#app/utils/i18n'

export interface HeadroomTableProps {
  readonly lines: readonly { resource: string; label: string; used: string; granted: string; requested: string }[]
  readonly note: string
  readonly t: Translate
}

/** Used / granted / awaiting a decision, per resource: the same table for a project and an agency. */
export function HeadroomTable({ lines, note, t }: HeadroomTableProps) {
  if (lines.length === 0) return <p className="empty">{t('headroom.empty')}</p>
  return (
    <>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t('requests.resource')}</th>
              <th scope="col" className="num">{t('headroom.used')}</th>
              <th scope="col" className="num">{t('headroom.granted')}</th>
              <th scope="col" className="num">{t('headroom.requested')}</th>
            </tr>
          </thead>
          <tbody>
            {lines.map((line) => (
              <tr key={line.resource}>
                <th scope="row">{line.label}</th>
                <td className="num">{line.used}</td>
                <td className="num">{line.granted}</td>
                <td className="num">{line.requested}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="muted">{note}</p>
    </>
  )
}
