import { RequestTable, requestColumns } from '#app/components/request-table'
import { Badge } from '#app/components/ui/badge'
import type { Column } from '#app/components/ui/data-table'
import type { Translate } from '#app/utils/i18n'
import type { loadQueue } from './queue.server'

/** A submitted request as the queue lists it. */
type QueueItem = Awaited<ReturnType<typeof loadQueue>>['items'][number]

/** What the queue shows beyond a request list: how long it waits, what it still needs, whether it fits. */
const queueColumns = {
  project: { header: 'requests.project', cell: (item) => item.project },
  agency: { header: 'requests.agency', cell: (item) => item.agency },
  kind: { header: 'requests.kind', cell: (item, t) => t(`request.kind.${item.kind}`) },
  waiting: {
    header: 'workflow.queue.waiting',
    numeric: true,
    cell: (item, t) => t('workflow.queue.days', { days: item.waitingDays }),
  },
  needs: {
    header: 'workflow.queue.needs',
    cell: (item, t) => (
      <>
        {item.approvalsRequired === 2 ? (
          <Badge tone="warning">
            {t('workflow.queue.needsTwo')} ({item.approvals}/2)
          </Badge>
        ) : null}{' '}
        {item.needsSignOff ? <Badge tone="info">{t('workflow.queue.needsSignOff')}</Badge> : null}
      </>
    ),
  },
  fit: {
    header: 'workflow.queue.fit',
    cell: (item, t) => (
      <Badge tone={item.fits ? 'success' : 'danger'}>{item.fits ? t('workflow.fits') : t('workflow.doesNotFit')}</Badge>
    ),
  },
} satisfies Record<string, Column<QueueItem>>

/** The queue's page of requests, each number leading to its decision page. */
export function QueueTable({ items, t }: { items: readonly QueueItem[]; t: Translate }) {
  return (
    <RequestTable
      requests={items}
      columns={[
        requestColumns.decisionNumber,
        queueColumns.project,
        queueColumns.agency,
        queueColumns.kind,
        requestColumns.submittedAt,
        queueColumns.waiting,
        queueColumns.needs,
        queueColumns.fit,
      ]}
      t={t}
    />
  )
}
