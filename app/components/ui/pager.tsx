import { Link, useLocation } from '@remix-run/react'
import type { Translate } from '#app/utils/i18n'

export interface PageInfo {
  readonly page: number
  readonly pages: number
  /** Already formatted for the locale. */
  readonly total: string
}

/** Previous/next links that keep the other query parameters (a state filter, say). */
export function Pager({ info, t }: { info: PageInfo; t: Translate }) {
  const { pathname, search } = useLocation()
  const href = (page: number) => {
    const params = new URLSearchParams(search)
    if (page <= 1) params.delete('page')
    else params.set('page', String(page))
    const query = params.toString()
    return query ? `${pathname}?${query}` : pathname
  }
  return (
    <nav className="pager" aria-label={t('paging.label')}>
      {info.page > 1 ? (
        <Link to={href(info.page - 1)} rel="prev">
          {t('paging.previous')}
        </Link>
      ) : (
        <span aria-hidden="true" />
      )}
      <span className="pager__status">
        {t('paging.status', { page: info.page, pages: info.pages, total: info.total })}
      </span>
      {info.page < info.pages ? (
        <Link to={href(info.page + 1)} rel="next">
          {t('paging.next')}
        </Link>
      ) : (
        <span aria-hidden="true" />
      )}
    </nav>
  )
}
