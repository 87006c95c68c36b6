import { z } from 'zod'
import type { Db } from '#server/db/client'
import { formatBytes } from '#server/i18n/amounts'
import { formatDomainError } from '#server/i18n/domain-errors'
import type { Principal } from '#server/identity/principal'
import { PlatformError } from '#server/platform/errors'
import { askRestore, readBackups, type BackupsOverview } from '#server/provisioning/backup-requests'
import { may, ofAgency, requireAuthorised } from '#app/utils/auth.server'
import { formatDateTime, translate, type Locale } from '#app/utils/i18n.server'
import { loggedFailure } from '#server/observability/log'

// A project's backups page (issue 15, decision 0056): what the worker says of its backups, read
// through the job queue (the web holds no cluster credentials), and the restore form. A project
// that never had a backup schedule is not asked about: nothing to wait for. The worker not
// answering within a few seconds leaves the page readable with a reference in the log.

/** The page waits this long for the worker; the API waits longer (a program can). */
const PAGE_WAIT_MS = 8_000

const when = (iso: string | null, locale: Locale) => (iso === null ? '' : formatDateTime(new Date(iso), locale))
const size = (bytes: number, locale: Locale) => formatBytes(BigInt(bytes), locale)

function summary(view: BackupsOverview, locale: Locale): string[] {
  const t = (key: Parameters<typeof translate>[1], params?: Parameters<typeof translate>[2]) =>
    translate(locale, key, params)
  const health = view.health
  const lines: string[] = []
  if (view.schedule) lines.push(t('backups.schedule', { schedule: view.schedule.cron }))
  if (health?.nextRunAt) lines.push(t('backups.nextRun', { date: formatDateTime(health.nextRunAt, locale) }))
  const last = health?.lastSuccess
  lines.push(
    last
      ? t('backups.lastSuccess', { date: when(last.startedAt, locale), size: size(last.bytes, locale) })
      : t('backups.noSuccess'),
  )
  if (view.lastCopy)
    lines.push(
      t('backups.lastCopy', {
        date: when(view.lastCopy.finishedAt, locale),
        copied: view.lastCopy.copied,
        size: size(view.lastCopy.bytesCopied, locale),
        removed: view.lastCopy.removed,
      }),
    )
  return lines
}

function stateOf(view: BackupsOverview, locale: Locale): { tone: 'ok' | 'danger'; text: string } | null {
  const health = view.health
  if (health === null) return null
  if (health.state === 'failed')
    return { tone: 'danger', text: translate(locale, 'backups.state.failed', { count: health.failures.length }) }
  if (health.state === 'missing' && health.missingSince)
    return {
      tone: 'danger',
      text: translate(locale, 'backups.state.missing', { date: formatDateTime(health.missingSince, locale) }),
    }
  return { tone: 'ok', text: translate(locale, 'backups.state.ok') }
}

/** The page's view of the project's backups: none, unavailable, or the lists and their health. */
export async function loadBackups(db: Db, project: { id: string }, locale: Locale) {
  const scheduled = await db.allocation.findFirst({
    where: { projectId: project.id, backupSchedule: { not: null } },
    select: { id: true },
  })
  if (scheduled === null) return { kind: 'none' as const }
  let read
  try {
    read = await readBackups(db, project.id, { timeoutMs: PAGE_WAIT_MS })
  } catch (error) {
    if (!(error instanceof PlatformError)) throw error
    const reference = loggedFailure(error, `backups of project ${project.id} could not be read`)
    return { kind: 'unavailable' as const, reference }
  }
  if (!read.ok) return { kind: 'none' as const }
  const view = read.value
  return {
    kind: 'listed' as const,
    summary: summary(view, locale),
    state: stateOf(view, locale),
    backups: view.backups.map((b) => ({
      name: b.name,
      phase: b.phase,
      started: when(b.startedAt, locale),
      expires: when(b.expiresAt, locale),
      size: size(b.bytes, locale),
      completed: b.phase === 'Completed',
    })),
    restores: view.restores.map((r) => ({
      name: r.name,
      backupName: r.backupName,
      phase: r.phase,
      started: when(r.startedAt, locale),
      problems: `${r.errors} / ${r.warnings}`,
    })),
  }
}

export const mayRestore = (principal: Principal, agencyId: string) =>
  may(principal, 'backup.restore', ofAgency(agencyId))

export type RestoreAnswer = { typed: string; errors?: { backupName?: string[]; form?: string[] }; notice?: string }

/** The restore form: the agency's own staff (audited when refused), the rule decided by the worker. */
export async function restoreAction(
  request: Request,
  input: { db: Db; form: FormData; project: { id: string; agencyId: string }; locale: Locale },
): Promise<RestoreAnswer> {
  const { db, form, project, locale } = input
  const principal = await requireAuthorised(request, 'backup.restore', ofAgency(project.agencyId), {
    target: { type: 'Project', id: project.id },
  })
  const raw = form.get('backupName')
  const typed = typeof raw === 'string' ? raw : ''
  const parsed = z.string().trim().min(1).max(253).safeParse(typed)
  if (!parsed.success) return { typed, errors: { backupName: [translate(locale, 'backups.restore.required')] } }
  try {
    const asked = await askRestore(db, {
      projectId: project.id,
      backupName: parsed.data,
      actor: { id: principal.userId, label: principal.displayName },
    })
    if (!asked.ok) return { typed, errors: { backupName: [formatDomainError(asked.error, locale)] } }
    return { typed: '', notice: translate(locale, 'backups.restore.requested', { restore: asked.value.restoreName }) }
  } catch (error) {
    if (!(error instanceof PlatformError)) throw error
    const reference = loggedFailure(error, `restore for project ${project.id} failed`)
    return { typed, errors: { form: [translate(locale, 'backups.unavailable', { reference })] } }
  }
}
