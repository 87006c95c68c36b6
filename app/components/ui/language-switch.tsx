import { useLocation } from '@remix-run/react'
import type { Locale, Translate } from '#app/utils/i18n'

const LANGUAGES: readonly Locale[] = ['vi', 'en']

/**
 * vi ⇄ en: a plain form POST to /lang (works without JavaScript), which sets the `lang` cookie
 * and sends the browser back to the page it was on.
 */
export function LanguageSwitch({ locale, t }: { locale: Locale; t: Translate }) {
  const location = useLocation()
  return (
    <form method="post" action="/lang" className="lang-switch">
      <input type="hidden" name="redirectTo" value={`${location.pathname}${location.search}`} />
      <fieldset>
        <legend className="visually-hidden">{t('lang.label')}</legend>
        {LANGUAGES.map((language) => (
          <button
            key={language}
            type="submit"
            name="lang"
            value={language}
            lang={language}
            aria-pressed={language === locale}
            title={language === locale ? t('lang.current', { language: t(`lang.${language}`) }) : undefined}
          >
            {t(`lang.${language}`)}
          </button>
        ))}
      </fieldset>
    </form>
  )
}
