import { Link } from '@remix-run/react'
import { agencyPath } from '#app/components/paths'
import { Fact } from '#app/components/ui/fact'
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
      <Fact label={t('agencies.code')}>
        <code>{agency.code}</code>
      </Fact>
      <Fact label={t('agencies.nameVi')} lang="vi">
        {agency.nameVi}
      </Fact>
      <Fact label={t('agencies.nameEn')} lang="en">
        {agency.nameEn || t('common.none')}
      </Fact>
      <Fact label={t('agencies.kind')}>{agency.kind}</Fact>
      <Fact label={t('agencies.parent')}>
        {agency.parent ? <Link to={agencyPath(agency.parent.code)}>{agency.parent.name}</Link> : t('common.none')}
      </Fact>
    </dl>
  )
}
