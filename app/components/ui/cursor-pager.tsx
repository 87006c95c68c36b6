import { Link, useLocation } from '@remix-run/react'
import type { Translate } from '#app/utils/i18n'

export interface CursorPageInfo {
  /** Already formatted for the locale. */
  readonly total: string
  /** The cursors of the neighbouring pages; null at either end. */
  readonly previous: string | null
  readonly next: string | null
}

/**
 * First / previous / next links of a keyset-paged list (`?after=` / `?before=` cursors), keeping
 * the other query parameters (a filter, the sort). Plain links: they work without JavaScript.
 */
export function CursorPager({ info, t }: { info: CursorPageInfo; t: Translate }) {
  const { pathname, search } = useLocation()
  const href = (cursor: { after: string } | { before: string } | null) => {
    const params = new URLSearchParams(search)
    params.delete('after')
    params.delete('before')
    params.delete('page')
    if (cursor && 'after' in cursor) params.set('after', cursor.after)
    if (cursor && 'before' in cursor) params.set('before', cursor.before)
    const query = params.toString()
    return query ? `${pathname}?${query}` : pathname
  }
  return (
    <nav className="pager" aria-label={t('paging.label')}>
      {info.previous ? (
        <span>
          <Link to={href(null)}>{t('paging.first')}</Link>{' '}
          <Link to={href({ before: info.previous })} rel="prev">
            {t('paging.previous')}
          </Link>
        </span>
      ) : (
        <span aria-hidden="true" />
      )}
      <span className="pager__status">{t('paging.total', { total: info.total })}</span>
      {info.next ? (
        <Link to={href({ after: info.next })} rel="next">
          {t('paging.next')}
        </Link>
      ) : (
        <span aria-hidden="true" />
      )}
    </nav>
  )
}
