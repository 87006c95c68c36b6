import { Link, useLocation } from '@remix-run/react'
import type { Translate } from '#app/utils/i18n'

/**
 * Newest / newer / older links of the trail, by seq (`?after=` and `?before=`), keeping the search.
 * Plain links: they work without JavaScript.
 */
export function TrailPager({
  newer,
  older,
  range,
  t,
}: {
  newer: string | null
  older: string | null
  range: string | null
  t: Translate
}) {
  const { search } = useLocation()
  const href = (position: { after: string } | { before: string } | null) => {
    const params = new URLSearchParams(search)
    params.delete('after')
    params.delete('before')
    if (position && 'after' in position) params.set('after', position.after)
    if (position && 'before' in position) params.set('before', position.before)
    const query = params.toString()
    return query ? `/audit?${query}` : '/audit'
  }
  return (
    <nav className="pager" aria-label={t('audit.page.label')}>
      {newer ? (
        <span>
          <Link to={href(null)}>{t('audit.page.newest')}</Link>{' '}
          <Link to={href({ after: newer })} rel="prev">
            {t('audit.page.newer')}
          </Link>
        </span>
      ) : (
        <span aria-hidden="true" />
      )}
      <span className="pager__status">{range}</span>
      {older ? (
        <Link to={href({ before: older })} rel="next">
          {t('audit.page.older')}
        </Link>
      ) : (
        <span aria-hidden="true" />
      )}
    </nav>
  )
}
