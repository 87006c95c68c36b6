import { z } from 'zod'
import type { Db } from '#server/db/client'
import { dataBucketNames, restoredBucketName } from '#server/domain/bucket-names'
import { formatBytes } from '#server/i18n/amounts'
import { formatDomainError } from '#server/i18n/domain-errors'
import { PlatformError } from '#server/platform/errors'
import { askBucketRestore, bucketRestoresOf, type BucketRestoreView } from '#server/provisioning/backup-requests'
import { loggedFailure } from '#server/observability/log'
import { ofAgency, requireAuthorised } from '#app/utils/auth.server'
import { getEnv } from '#app/utils/env.server'
import { formatDateTime, translate, type Locale } from '#app/utils/i18n.server'

// The backups page's other restore (issue 15, decision 0056): a data bucket's copy into a new
// bucket of the project. The buckets offered are the project's data buckets; the worker decides
// the rule again (another's bucket, a name that exists, no room, a label that is no plain name)
// and its refusal comes back beside the field it is about, with what was typed kept. An accepted
// restore whose copy outlasts the wait is said to be in progress and listed so (decision 0076).

const REFUSED_AT: Record<string, 'sourceBucket' | 'label'> = {
  'restore.bucket_not_found': 'sourceBucket',
  'restore.no_bucket_room': 'sourceBucket',
  'restore.bucket_exists': 'label',
  'restore.label_invalid': 'label',
}

/** The project's data buckets to offer, the new buckets' prefix, and the buckets restores made. */
export async function loadBucketRestores(db: Db, project: { id: string; namespace: string }, locale: Locale) {
  const lines = await db.allocationLine.findMany({
    where: { allocation: { projectId: project.id, state: 'active' }, resource: { in: ['objectStorage', 'buckets'] } },
    select: { resource: true, amount: true },
  })
  const amount = (resource: string) => lines.find((l) => l.resource === resource)?.amount ?? 0n
  const count = amount('objectStorage') > 0n ? Math.max(1, Number(amount('buckets'))) : 0
  const restored = await bucketRestoresOf(db, project.id)
  return {
    sources: dataBucketNames(project.namespace, count),
    prefix: restoredBucketName(project.namespace, ''),
    restored: restored.map((r) => ({
      bucket: r.bucket,
      source: r.sourceBucket,
      state: r.state,
      stateLabel: translate(locale, `backups.buckets.state.${r.state}`),
      copied: r.copiedAt ? formatDateTime(r.copiedAt, locale) : '',
      objects: r.objects ?? 0,
      size: r.bytes === null ? '' : formatBytes(BigInt(r.bytes), locale),
    })),
  }
}

/** What the person is told of an accepted restore: done with what came back, or still copying. */
function noticeOf(view: BucketRestoreView, locale: Locale): string {
  const { bucket } = view
  if (view.state === 'done') {
    const size = formatBytes(BigInt(view.bytes ?? 0), locale)
    return translate(locale, 'backups.buckets.done', { bucket, objects: view.objects ?? 0, size })
  }
  return translate(locale, 'backups.buckets.copying', { bucket })
}

export type BucketRestoreAnswer = {
  form: 'bucket'
  typed: { sourceBucket: string; label: string }
  errors?: { sourceBucket?: string[]; label?: string[]; form?: string[] }
  notice?: string
}

const text = (form: FormData, name: string) => {
  const value = form.get(name)
  return typeof value === 'string' ? value.trim() : ''
}

/** The bucket restore form: the agency's own staff (audited when refused), the rule the worker's. */
export async function bucketRestoreAction(
  request: Request,
  input: { db: Db; form: FormData; project: { id: string; agencyId: string }; locale: Locale },
): Promise<BucketRestoreAnswer> {
  const { db, form, project, locale } = input
  const principal = await requireAuthorised(request, 'backup.restore', ofAgency(project.agencyId), {
    target: { type: 'Project', id: project.id },
  })
  const typed = { sourceBucket: text(form, 'sourceBucket'), label: text(form, 'label') }
  const source = z.string().min(1).max(63).safeParse(typed.sourceBucket)
  if (!source.success)
    return { form: 'bucket', typed, errors: { sourceBucket: [translate(locale, 'backups.buckets.required')] } }
  try {
    const asked = await askBucketRestore(
      db,
      {
        projectId: project.id,
        sourceBucket: source.data,
        label: typed.label.slice(0, 63),
        actor: { id: principal.userId, label: principal.displayName },
      },
      { copyWaitMs: getEnv().BUCKET_RESTORE_WAIT_SECONDS * 1000 },
    )
    if (!asked.ok) {
      const field = REFUSED_AT[asked.error.code] ?? 'sourceBucket'
      return { form: 'bucket', typed, errors: { [field]: [formatDomainError(asked.error, locale)] } }
    }
    // Given up by the queue already: said as the list says it, what was typed kept.
    if (asked.value.state === 'failed')
      return { form: 'bucket', typed, errors: { form: [translate(locale, 'backups.buckets.state.failed')] } }
    return {
      form: 'bucket',
      typed: { sourceBucket: typed.sourceBucket, label: '' },
      notice: noticeOf(asked.value, locale),
    }
  } catch (error) {
    if (!(error instanceof PlatformError)) throw error
    const reference = loggedFailure(error, `bucket restore for project ${project.id} failed`)
    return { form: 'bucket', typed, errors: { form: [translate(locale, 'backups.unavailable', { reference })] } }
  }
}
