import { Link, useLocation } from '@remix-run/react'
import type { Translate } from '#app/utils/i18n'

/**
 * First / next links of a list paged forward only (`?after=` a position in its order): going back
 * is the browser's, and the first page is always one link away. Keeps the other parameters (the
 * filter). Plain links: they work without JavaScript.
 */
export function ForwardPager({ next, total, t }: { next: string | null; total: string; t: Translate }) {
  const { pathname, search } = useLocation()
  const params = new URLSearchParams(search)
  const paged = params.has('after')
  params.delete('after')
  const first = params.toString() ? `${pathname}?${params.toString()}` : pathname
  if (next) params.set('after', next)
  return (
    <nav className="pager" aria-label={t('paging.label')}>
      {paged ? <Link to={first}>{t('paging.first')}</Link> : <span aria-hidden="true" />}
      <span className="pager__status">{total}</span>
      {next ? (
        <Link to={`${pathname}?${params.toString()}`} rel="next">
          {t('paging.next')}
        </Link>
      ) : (
        <span aria-hidden="true" />
      )}
    </nav>
  )
}
