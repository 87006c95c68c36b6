import { HeadroomTable, type HeadroomTableProps } from '#app/components/headroom-table'
import { Badge } from '#app/components/ui/badge'
import type { Translate } from '#app/utils/i18n'
import { allocationStateTone } from '#app/utils/tones'
import { EmptyState } from '#app/components/ui/page-header'

/** What the project is granted now (state, end, backup) and its headroom per resource. */
export function AllocationSection({
  allocation,
  headroom,
  t,
}: {
  allocation: { state: string; stateLabel: string; endsAt: string | null; backup: string | null } | null
  headroom: { lines: HeadroomTableProps['lines']; note?: string }
  t: Translate
}) {
  return (
    <section aria-labelledby="allocation">
      <h2 id="allocation">{t('projects.allocation')}</h2>
      {allocation === null ? (
        <EmptyState>{t('projects.noAllocation')}</EmptyState>
      ) : (
        <>
          <p>
            {t('projects.allocationState')}:{' '}
            <Badge tone={allocationStateTone(allocation.state)}>{allocation.stateLabel}</Badge>
            {allocation.endsAt ? (
              <>
                {' '}
                · {t('projects.allocationEnds')}: {allocation.endsAt}
              </>
            ) : null}
          </p>
          {allocation.backup ? <p>{allocation.backup}</p> : null}
        </>
      )}
      {allocation !== null || headroom.lines.length > 0 ? (
        <HeadroomTable lines={headroom.lines} note={headroom.note} t={t} />
      ) : null}
    </section>
  )
}
