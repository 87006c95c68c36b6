import { Link } from '@remix-run/react'
import { agencyPath } from '#app/components/paths'

/**
 * Agencies related to this one (those under it, those merged into it), linked, with their status
 * where it is given; nothing when there are none.
 */
export function RelatedAgencies({
  id,
  title,
  agencies,
}: {
  id: string
  title: string
  agencies: readonly { code: string; name: string; statusLabel?: string }[]
}) {
  if (agencies.length === 0) return null
  return (
    <section aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      <ul className="plain-list">
        {agencies.map((agency) => (
          <li key={agency.code}>
            <Link to={agencyPath(agency.code)}>{agency.name}</Link>
            {agency.statusLabel ? (
              <>
                {' '}
                <span className="muted small">· {agency.statusLabel}</span>
              </>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  )
}
