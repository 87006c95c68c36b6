import { Link } from '@remix-run/react'
import { agencyPath } from '#app/components/paths'
import type { Translate } from '#app/utils/i18n'

/** The agency's code, its names in both languages, its kind and the agency above it. */
export function AgencyFacts({
  agency,
  t,
}: {
  agency: { code: string; nameVi: string; nameEn: string; kind: string; parent: { code: string; name: string } | null }
  t: Translate
}) {
  return (
    <dl className="facts">
      <div>
        <dt>{t('agencies.code')}</dt>
        <dd>
          <code>{agency.code}</code>
        </dd>
      </div>
      <div>
        <dt>{t('agencies.nameVi')}</dt>
        <dd lang="vi">{agency.nameVi}</dd>
      </div>
      <div>
        <dt>{t('agencies.nameEn')}</dt>
        <dd lang="en">{agency.nameEn || t('common.none')}</dd>
      </div>
      <div>
        <dt>{t('agencies.kind')}</dt>
        <dd>{agency.kind}</dd>
      </div>
      <div>
        <dt>{t('agencies.parent')}</dt>
        <dd>
          {agency.parent ? <Link to={agencyPath(agency.parent.code)}>{agency.parent.name}</Link> : t('common.none')}
        </dd>
      </div>
    </dl>
  )
}
