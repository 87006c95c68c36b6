import { useLocation } from '@remix-run/react'
import type { Locale, Translate } from '#app/utils/i18n'

/**
 * The other language, named in itself (English on a Vietnamese page, Tiếng Việt on an English one):
 * a plain form POST to /lang (works without JavaScript), which sets the `lang` cookie and sends the
 * browser back to the page it was on. One button, as the page's own language already says which
 * one is in use.
 */
export function LanguageSwitch({ locale, t }: { locale: Locale; t: Translate }) {
  const location = useLocation()
  const other: Locale = locale === 'vi' ? 'en' : 'vi'
  return (
    <form method="post" action="/lang" className="lang-switch">
      <input type="hidden" name="redirectTo" value={`${location.pathname}${location.search}`} />
      <button type="submit" name="lang" value={other} lang={other} title={t('lang.label')}>
        {t(`lang.${other}`)}
      </button>
    </form>
  )
}
