import type { SubmissionResult } from '@conform-to/react'
import { Badge } from '#app/components/ui/badge'
import { DataTable, type Column } from '#app/components/ui/data-table'
import { Fact } from '#app/components/ui/fact'
import type { Translate } from '#app/utils/i18n'
import { IssueForm, KeyForm } from './s3-key-forms'
import { EmptyState } from '#app/components/ui/page-header'

// The project's S3 keys: the list and its forms (s3-key-forms.tsx).

export type KeyListRow = {
  id: string
  accessKeyId: string
  label: string
  createdAt: string
  createdBy: string
  revoked: string | null
}
export type KeyActionData = {
  form: string
  reply: SubmissionResult<string[]>
  notice?: string
  issued?: { label: string; accessKeyId: string; secretAccessKey: string }
}

export function S3Keys({
  keys,
  lastResult,
  canIssue,
  canRevoke,
  provisioned,
  labelMax,
  t,
}: {
  keys: KeyListRow[]
  lastResult: KeyActionData | undefined
  canIssue: boolean
  canRevoke: boolean
  provisioned: boolean
  labelMax: number
  t: Translate
}) {
  return (
    <>
      <p>{t('keys.intro')}</p>
      {!canIssue ? <p className="muted small">{t('keys.operatorNote')}</p> : null}
      {lastResult?.notice ? (
        <div className="alert alert--success" role="status">
          <p>{lastResult.notice}</p>
        </div>
      ) : null}
      {lastResult?.issued ? <IssuedSecret issued={lastResult.issued} t={t} /> : null}
      {canIssue ? (
        provisioned ? (
          <IssueForm lastResult={lastResult} t={t} labelMax={labelMax} />
        ) : (
          <p className="muted">{t('keys.notProvisioned')}</p>
        )
      ) : null}
      {keys.length === 0 ? (
        <EmptyState>{t('keys.empty')}</EmptyState>
      ) : (
        <KeyTable keys={keys} lastResult={lastResult} canIssue={canIssue} canRevoke={canRevoke} t={t} />
      )}
    </>
  )
}

/** A new key's secret, shown this once (the answer that carries it is never cached). */
function IssuedSecret({ issued, t }: { issued: NonNullable<KeyActionData['issued']>; t: Translate }) {
  return (
    <div className="alert alert--success secret-once" role="alert" data-testid="secret-once">
      <p>
        <strong>{t('keys.secretOnce')}</strong>
      </p>
      <dl className="facts">
        <Fact label={t('keys.accessKeyId')}>
          <code data-testid="issued-access-key-id">{issued.accessKeyId}</code>
        </Fact>
        <Fact label={t('keys.secret')}>
          <code data-testid="issued-secret">{issued.secretAccessKey}</code>
        </Fact>
      </dl>
    </div>
  )
}

const keyColumns: readonly Column<KeyListRow>[] = [
  { header: 'keys.label', cell: (key, t) => key.label || t('common.none') },
  { header: 'keys.accessKeyId', cell: (key) => <code>{key.accessKeyId}</code> },
  { header: 'keys.createdAt', cell: (key) => key.createdAt },
  { header: 'keys.createdBy', cell: (key) => key.createdBy },
  {
    header: 'keys.state',
    cell: (key, t) =>
      key.revoked ? <Badge tone="neutral">{key.revoked}</Badge> : <Badge tone="success">{t('keys.active')}</Badge>,
  },
]

/** The keys, each with its rotate and revoke forms for those who may use them. */
function KeyTable({
  keys,
  lastResult,
  canIssue,
  canRevoke,
  t,
}: {
  keys: KeyListRow[]
  lastResult: KeyActionData | undefined
  canIssue: boolean
  canRevoke: boolean
  t: Translate
}) {
  const actions: Column<KeyListRow> = {
    header: 'common.details',
    cell: (key) =>
      key.revoked === null ? (
        <details
          // Open again when its form came back with errors; closed after it worked.
          open={
            lastResult?.form === `rotate:${key.id}` || lastResult?.form === `revoke:${key.id}`
              ? !lastResult.notice
              : undefined
          }
        >
          <summary>
            {canIssue ? `${t('keys.rotate')} / ` : ''}
            {t('keys.revoke')}
          </summary>
          {canIssue ? <KeyForm kind="rotate" row={key} lastResult={lastResult} t={t} /> : null}
          {canRevoke ? <KeyForm kind="revoke" row={key} lastResult={lastResult} t={t} /> : null}
        </details>
      ) : null,
  }
  return (
    <DataTable
      rows={keys}
      rowKey={(key) => key.id}
      rowData={(key) => ({ 'data-key': key.accessKeyId })}
      columns={canIssue || canRevoke ? [...keyColumns, actions] : keyColumns}
      t={t}
    />
  )
}
