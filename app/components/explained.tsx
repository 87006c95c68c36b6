import type { Translate } from '#app/utils/i18n'
import type { Explained } from '#app/utils/provisioning'

/**
 * A sentence in the reader's language and, for the data centre's roles, the platform's own words
 * behind it under a closed "Chi tiết kỹ thuật" disclosure (decision 0080): English as the platform
 * wrote it, marked so, in code so it reads as quoted machine text rather than the page's language.
 */
export function ExplainedText({ value, t }: { value: Explained; t: Translate }) {
  return (
    <>
      {value.text ? <span>{value.text}</span> : null}
      {value.detail ? (
        <details className="platform-detail small">
          <summary>{t('prov.details')}</summary>
          <code lang="en">{value.detail}</code>
        </details>
      ) : null}
    </>
  )
}
