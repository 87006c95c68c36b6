import { Form, useActionData, useNavigation, useRevalidator } from '@remix-run/react'
import { useEffect } from 'react'
import { DataTable, type Column } from '#app/components/ui/data-table'
import { ErrorSummary, fieldErrorId, fieldErrorProps } from '#app/components/ui/error-summary'
import { FieldErrors } from '#app/components/ui/field-errors'
import { useT } from '#app/utils/i18n'
import type { BucketRestoreAnswer } from './bucket-restore.server'

// The backups page's bucket restore (decision 0056): the buckets restores made, and the form that
// restores a data bucket's copy into a new bucket, its refusals in the form's error summary
// (decision 0068) and beside their field. A copy still
// running is listed so, and the page reads the list again until it is done (decision 0076).

type Restored = {
  bucket: string
  source: string
  state: string
  stateLabel: string
  copied: string
  objects: number
  size: string
}

/** How often the page reads the list again while a copy runs. */
const REREAD_MS = 10_000

const COLUMNS: readonly Column<Restored>[] = [
  { header: 'backups.column.bucket', cell: (r) => <code>{r.bucket}</code> },
  { header: 'backups.column.source', cell: (r) => <code>{r.source}</code> },
  { header: 'backups.column.state', cell: (r) => r.stateLabel },
  { header: 'backups.column.copied', cell: (r) => r.copied },
  { header: 'backups.column.objects', cell: (r) => r.objects, numeric: true },
  { header: 'backups.column.size', cell: (r) => r.size, numeric: true },
]

export function RestoredBuckets({ rows }: { rows: readonly Restored[] }) {
  const t = useT()
  const copying = rows.some((r) => r.state === 'copying')
  const { revalidate, state } = useRevalidator()
  useEffect(() => {
    if (!copying || state !== 'idle') return
    const timer = setTimeout(revalidate, REREAD_MS)
    return () => clearTimeout(timer)
  }, [copying, state, revalidate])
  if (rows.length === 0) return null
  return (
    <>
      <h2>{t('backups.buckets.list')}</h2>
      <DataTable
        rows={rows}
        columns={COLUMNS}
        rowKey={(r) => r.bucket}
        rowData={(r) => ({ 'data-bucket': r.bucket, 'data-state': r.state })}
        t={t}
      />
    </>
  )
}

/** The form's name: its fields' ids and its error summary's hang on it. */
const FORM = 'restore-bucket-form'

export function BucketRestoreForm({ sources, prefix }: { sources: readonly string[]; prefix: string }) {
  const actionData = useActionData<{ form: string } | BucketRestoreAnswer>()
  const answer = actionData?.form === 'bucket' ? (actionData as BucketRestoreAnswer) : undefined
  const errors = answer?.errors ?? {}
  const busy = useNavigation().state === 'submitting'
  const t = useT()
  return (
    <section aria-labelledby="restore-bucket">
      <h2 id="restore-bucket">{t('backups.buckets.title')}</h2>
      <p className="muted">{t('backups.buckets.help', { prefix })}</p>
      {answer?.notice ? (
        <div className="alert alert--success" role="status">
          <p>{answer.notice}</p>
        </div>
      ) : null}
      <ErrorSummary form={FORM} errors={errors} fields={['sourceBucket', 'label']} />
      <Form method="post" noValidate key={answer?.notice ?? 'restore-bucket'}>
        <input type="hidden" name="intent" value="restore-bucket" />
        <label>
          {t('backups.buckets.source')}
          <select
            name="sourceBucket"
            defaultValue={answer?.typed.sourceBucket ?? sources[0]}
            {...fieldErrorProps(FORM, 'sourceBucket', errors)}
          >
            {sources.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
          <FieldErrors errors={errors.sourceBucket} id={fieldErrorId(FORM, 'sourceBucket')} />
        </label>
        <label>
          {t('backups.buckets.label')}
          <input
            name="label"
            defaultValue={answer?.typed.label ?? ''}
            maxLength={63}
            required
            {...fieldErrorProps(FORM, 'label', errors)}
          />
          <FieldErrors errors={errors.label} id={fieldErrorId(FORM, 'label')} />
        </label>
        <p>
          <button type="submit" className="button" disabled={busy}>
            {t('backups.buckets.submit')}
          </button>
        </p>
      </Form>
    </section>
  )
}
