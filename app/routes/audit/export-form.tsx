import type { AuditSearch } from '#server/audit/search'
import type { Translate } from '#app/utils/i18n'

/** The export of what the search finds: a plain GET to /audit/export with the search and a format. */
export function ExportForm({ search, limit, t }: { search: AuditSearch; limit: string; t: Translate }) {
  return (
    <section aria-labelledby="export">
      <h2 id="export">{t('audit.export.title')}</h2>
      <p className="muted">{t('audit.export.intro', { limit })}</p>
      <form method="get" action="/audit/export" className="filter">
        {Object.entries(search).map(([name, value]) =>
          value ? <input key={name} type="hidden" name={name} value={String(value)} /> : null,
        )}
        <button type="submit" name="format" value="csv">
          {t('audit.export.csv')}
        </button>
        <button type="submit" name="format" value="json">
          {t('audit.export.json')}
        </button>
      </form>
    </section>
  )
}
