import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { DataTable, type Column } from '#app/components/ui/data-table'
import { ErrorSummary, fieldErrorId, fieldErrorProps, type FormErrors } from '#app/components/ui/error-summary'
import { FieldErrors } from '#app/components/ui/field-errors'
import { EmptyState, PageHeader } from '#app/components/ui/page-header'
import { RouteErrorBoundary } from '#app/components/ui/route-error-boundary'
import { getDb } from '#app/utils/db.server'
import { readForm } from '#app/utils/form.server'
import { resolveLocale, translate } from '#app/utils/i18n.server'
import { useT } from '#app/utils/i18n'
import { titleMeta } from '#app/utils/meta'
import { requireVisibleProject } from '../projects.$namespace/access.server'
import { loadBackups, mayRestore, restoreAction } from './backups.server'
import { BackupFindings } from './backup-findings'
import { findingsListPath, loadBackupFindings } from './backup-findings.server'
import { bucketRestoreAction, loadBucketRestores } from './bucket-restore.server'
import { BucketRestoreForm, RestoredBuckets } from './bucket-restore'

// A project's backups (issue 15, decision 0056): their health, the list, the restores, and the
// restore form for the agency's own staff. The worker answers for Velero through the job queue.

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { owner, principal, namespace } = await requireVisibleProject(request, params.namespace, 'backup.list')
  const db = getDb()
  const locale = resolveLocale(request)
  const [project, backups, buckets, findings] = await Promise.all([
    db.project.findUniqueOrThrow({ where: { id: owner.id }, select: { name: true } }),
    loadBackups(db, owner, locale),
    loadBucketRestores(db, { id: owner.id, namespace }, locale),
    loadBackupFindings(db, { principal, project: owner, locale }),
  ])
  return {
    title: translate(locale, 'backups.title', { project: project.name }),
    name: project.name,
    namespace,
    backups,
    buckets,
    findings,
    findingsListPath: findingsListPath(namespace),
    canRestore: mayRestore(principal, owner.agencyId),
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { owner } = await requireVisibleProject(request, params.namespace, 'backup.list')
  const form = await readForm(request)
  const input = { db: getDb(), form, project: owner, locale: resolveLocale(request) }
  const answer =
    form.get('intent') === 'restore-bucket'
      ? await bucketRestoreAction(request, input)
      : { form: 'restore' as const, ...(await restoreAction(request, input)) }
  return data(answer, { status: answer.errors ? 422 : 200 })
}

export const meta: MetaFunction<typeof loader> = ({ data: page, matches }) => titleMeta(page?.title, matches)

type Listed = Extract<Awaited<ReturnType<typeof loader>>['backups'], { kind: 'listed' }>

const BACKUP_COLUMNS: readonly Column<Listed['backups'][number]>[] = [
  { header: 'backups.column.name', cell: (b) => <code>{b.name}</code> },
  { header: 'backups.column.phase', cell: (b) => b.phase },
  { header: 'backups.column.started', cell: (b) => b.started },
  { header: 'backups.column.expires', cell: (b) => b.expires },
  { header: 'backups.column.size', cell: (b) => b.size, numeric: true },
]

const RESTORE_COLUMNS: readonly Column<Listed['restores'][number]>[] = [
  { header: 'backups.column.name', cell: (r) => <code>{r.name}</code> },
  { header: 'backups.column.backup', cell: (r) => <code>{r.backupName}</code> },
  { header: 'backups.column.phase', cell: (r) => r.phase },
  { header: 'backups.column.started', cell: (r) => r.started },
  { header: 'backups.column.errors', cell: (r) => r.problems, numeric: true },
]

function RestoreForm({ completed }: { completed: readonly string[] }) {
  const actionData = useActionData<typeof action>()
  const answer = actionData?.form === 'restore' ? actionData : undefined
  const busy = useNavigation().state === 'submitting'
  const t = useT()
  const errors: FormErrors = answer?.errors ?? {}
  return (
    <section aria-labelledby="restore">
      <h2 id="restore">{t('backups.restore.title')}</h2>
      <p className="muted">{t('backups.restore.help')}</p>
      {answer?.notice ? (
        <div className="alert alert--success" role="status">
          <p>{answer.notice}</p>
        </div>
      ) : null}
      <Form method="post" noValidate key={answer?.notice ?? 'restore'}>
        <ErrorSummary form="restore" errors={errors} fields={['backupName']} />
        <label>
          {t('backups.restore.backup')}
          <input
            name="backupName"
            list="completed-backups"
            defaultValue={answer?.typed ?? completed[0] ?? ''}
            maxLength={253}
            required
            {...fieldErrorProps('restore', 'backupName', errors)}
          />
          <FieldErrors errors={errors.backupName} id={fieldErrorId('restore', 'backupName')} />
        </label>
        <datalist id="completed-backups">
          {completed.map((name) => (
            <option key={name} value={name} />
          ))}
        </datalist>
        <p>
          <button type="submit" className="button" disabled={busy}>
            {t('backups.restore.submit')}
          </button>
        </p>
      </Form>
    </section>
  )
}

export default function ProjectBackups() {
  const page = useLoaderData<typeof loader>()
  const t = useT()
  const { backups } = page
  const findings = <BackupFindings rows={page.findings ?? []} listPath={page.findingsListPath} t={t} />
  return (
    <>
      <PageHeader title={page.title} intro={t('backups.intro')} above={page.name} />
      {backups.kind === 'none' ? <EmptyState>{t('backups.none')}</EmptyState> : null}
      {backups.kind === 'unavailable' ? (
        <div className="alert alert--danger" role="alert">
          <p>{t('backups.unavailable', { reference: backups.reference })}</p>
        </div>
      ) : null}
      {/* Read from the console's database: shown even when the worker is silent (decision 0076). */}
      {backups.kind !== 'listed' && page.findings?.length ? findings : null}
      {backups.kind === 'listed' ? (
        <>
          {backups.state ? (
            <div className={`alert alert--${backups.state.tone === 'ok' ? 'success' : 'danger'}`} role="status">
              <p data-testid="backup-state">{backups.state.text}</p>
            </div>
          ) : null}
          <ul>
            {backups.summary.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
          {page.findings ? findings : null}
          <h2>{t('backups.list')}</h2>
          <DataTable rows={backups.backups} columns={BACKUP_COLUMNS} rowKey={(b) => b.name} t={t} />
          <h2>{t('backups.restores')}</h2>
          <DataTable rows={backups.restores} columns={RESTORE_COLUMNS} rowKey={(r) => r.name} t={t} />
          {page.canRestore ? (
            <RestoreForm completed={backups.backups.filter((b) => b.completed).map((b) => b.name)} />
          ) : null}
          <RestoredBuckets rows={page.buckets.restored} />
          {page.canRestore && page.buckets.sources.length > 0 ? (
            <BucketRestoreForm sources={page.buckets.sources} prefix={page.buckets.prefix} />
          ) : null}
        </>
      ) : null}
    </>
  )
}

export function ErrorBoundary() {
  return <RouteErrorBoundary />
}
