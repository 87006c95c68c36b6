import { Link } from '@remix-run/react'
import type { Translate } from '#app/utils/i18n'

/** The three counts at the top (agencies, projects, requests), each leading to its list. */
export function Stats({
  agencies,
  projects,
  requests,
  t,
}: {
  agencies: { total: string; active: string }
  projects: { total: string }
  requests: { total: string; waiting: string }
  t: Translate
}) {
  return (
    <section className="stats" aria-label={t('dashboard.title')}>
      <Link to="/agencies" className="stat">
        <span className="stat__label">{t('dashboard.agencies')}</span>
        <span className="stat__value">{agencies.total}</span>
        <span className="stat__note">{agencies.active}</span>
      </Link>
      <Link to="/projects" className="stat">
        <span className="stat__label">{t('dashboard.projects')}</span>
        <span className="stat__value">{projects.total}</span>
      </Link>
      <Link to="/requests" className="stat">
        <span className="stat__label">{t('dashboard.requests')}</span>
        <span className="stat__value">{requests.total}</span>
        <span className="stat__note">{requests.waiting}</span>
      </Link>
    </section>
  )
}

/** How many requests are in each state, each count leading to the list filtered on it. */
export function RequestsByState({
  byState,
  t,
}: {
  byState: readonly { state: string; label: string; count: string }[]
  t: Translate
}) {
  return (
    <section aria-labelledby="by-state">
      <h2 id="by-state">{t('dashboard.requestsByState')}</h2>
      <ul className="state-counts">
        {byState.map((row) => (
          <li key={row.state}>
            <Link to={`/requests?state=${row.state}`}>
              <span className="state-counts__label">{row.label}</span>
              <span className="state-counts__value">{row.count}</span>
            </Link>
          </li>
        ))}
      </ul>
    </section>
  )
}
