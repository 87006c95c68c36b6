import { Link, useLocation } from '@remix-run/react'
import type { ReactNode } from 'react'
import { useT } from '#app/utils/i18n'
import { trailOf, type Crumb } from './trail'

/**
 * The way up from a nested page (decision 0066): the dashboard, then each page above this one,
 * never this page itself (its title follows). Separators are drawn by CSS, not a font's glyph.
 */
export function Breadcrumbs({ items }: { items: readonly Crumb[] }) {
  const t = useT()
  return (
    <nav aria-label={t('nav.breadcrumbs')} className="breadcrumb">
      <ol>
        {items.map((item) => (
          <li key={item.to}>
            <Link to={item.to}>{item.label}</Link>
          </li>
        ))}
      </ol>
    </nav>
  )
}

/**
 * The top of every page: breadcrumbs when it is nested (derived from the address by trailOf, so
 * no page writes its own), its one <h1>, an introduction, and what belongs beside the title
 * (badges, the page's main action) as children. `above`: the name of the object this page is
 * below (the project of its usage page, the request of its decide page), for the trail. Error
 * pages use it too, so a 404 under /projects keeps the way up to the list.
 */
export function PageHeader({
  title,
  intro,
  above,
  trail: given,
  children,
}: {
  title: ReactNode
  intro?: ReactNode
  above?: string
  /** Only where the address cannot be read in the reader's words (an error page without the shell). */
  trail?: readonly Crumb[]
  children?: ReactNode
}) {
  const t = useT()
  const derived = trailOf(useLocation().pathname, t, above)
  const trail = given ?? derived
  return (
    <div className="page-header">
      {trail.length > 0 ? <Breadcrumbs items={trail} /> : null}
      <h1>{title}</h1>
      {intro ? <p className="page-header__intro">{intro}</p> : null}
      {children}
    </div>
  )
}

/** What a list or section says when it has nothing to show: why, and what to do, in words. */
export function EmptyState({ children, action }: { children: ReactNode; action?: ReactNode }) {
  return (
    <div className="empty-state">
      <p className="empty-state__text">{children}</p>
      {action}
    </div>
  )
}
