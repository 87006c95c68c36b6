import { parseWithZod } from '@conform-to/zod/v4'
import type { SubmissionResult } from '@conform-to/react'
import type { Db } from '#server/db/client'
import { quotaRequestSchema } from '#server/domain/quota-request-schema'
import { validateDraft, validateForSubmit, type RequestContent } from '#server/domain/quota-request'
import { unitOf, type CatalogueSettings } from '#server/domain/resources'
import type { FieldIssue, Result } from '#server/domain/errors'
import { checkNotReserved } from '#server/domain/reserved-names'
import { policyInForce } from '#server/policies/store'
import { formatAmount } from '#server/i18n/amounts'
import { numberSymbols } from '#server/i18n/format'
import { formatDomainError } from '#server/i18n/domain-errors'
import { projectMayRequest, submissionContext } from '#server/workflow/create-request'
import { cronToPreset } from '#server/domain/backup-schedule'
import { loadCatalogue } from '#server/db/catalogue'
import { resourceLabel } from './labels.server'
import type { Locale } from './i18n.server'

// The quota request form (new and edit): which fields it shows, and turning what it posts into a
// request's content with every problem at its field, in the reader's language. Conform carries the
// errors back to the same form, which works without JavaScript.

/** The resource catalogue as the database has it now (server/db/catalogue.ts). */
export const catalogueSettings = loadCatalogue

export type FormResource = { resource: string; label: string; group: 'compute' | 'storage' | 'backup' }

/** One field per resource the data centre offers, in display order. */
export function formResources(settings: CatalogueSettings, locale: Locale): FormResource[] {
  const keys: [string, FormResource['group']][] = [
    ['cpu', 'compute'],
    ['memory', 'compute'],
    ['pods', 'compute'],
    ...(settings.gpuAvailable ? [['gpu', 'compute'] as [string, FormResource['group']]] : []),
    ...settings.storageClasses.map((c) => [`volume:${c}`, 'storage'] as [string, FormResource['group']]),
    ['objectStorage', 'storage'],
    ['buckets', 'storage'],
    ['backupStorage', 'backup'],
  ]
  return keys.map(([resource, group]) => ({ resource, group, label: resourceLabel(resource, locale) }))
}

/** `lines.0.amount` (domain) → `lines[0].amount` (Conform's field names). */
const conformPath = (path: string) => path.replace(/\.(\d+)(?=\.|$)/g, '[$1]')

export type ParsedForm =
  | { ok: true; content: RequestContent; intent: 'save' | 'submit'; version: number | null }
  | { ok: false; reply: SubmissionResult<string[]> }

export async function parseRequestForm(
  db: Db,
  formData: FormData,
  input: { projectId: string; locale: Locale; now?: Date },
): Promise<ParsedForm> {
  const { locale } = input
  const message = (e: Parameters<typeof formatDomainError>[0]) =>
    formatDomainError(e, locale, { resourceLabel: (r) => resourceLabel(r, locale) })
  const submission = parseWithZod(formData, {
    schema: quotaRequestSchema({ syntax: 'human', numbers: numberSymbols(locale), message }),
  })
  // A platform name (agency kube, project system: kube-system) is never provisioned (decision 0034).
  const name = await platformName(db, input.projectId)
  if (!name.ok) return { ok: false, reply: submission.reply({ formErrors: [message(name.error)] }) }
  // An archived or merged agency asks for nothing more; what was typed stays in the form (decision 0052).
  const may = await projectMayRequest(db, input.projectId)
  if (may !== null && !may.ok) return { ok: false, reply: submission.reply({ formErrors: [message(may.error)] }) }
  if (submission.status !== 'success') return { ok: false, reply: submission.reply() }
  const intent = formData.get('intent') === 'submit' ? 'submit' : 'save'
  const context = {
    catalogue: await catalogueSettings(db),
    now: input.now ?? new Date(),
    ...(await submissionContext(db, input.projectId)),
  }
  const checked = (intent === 'submit' ? validateForSubmit : validateDraft)(submission.value.content, context)
  if (!checked.ok) return { ok: false, reply: submission.reply({ fieldErrors: fieldErrors(checked.issues, message) }) }
  return { ok: true, content: checked.value, intent, version: submission.value.version }
}

async function platformName(db: Db, projectId: string): Promise<Result<string>> {
  const project = await db.project.findUnique({ where: { id: projectId }, select: { namespace: true } })
  return checkNotReserved(project?.namespace ?? '', (await policyInForce(db)).reservedNamespaces)
}

function fieldErrors(
  issues: readonly FieldIssue[],
  message: (e: FieldIssue['error']) => string,
): Record<string, string[]> {
  const out: Record<string, string[]> = {}
  for (const found of issues) {
    const key = found.path === '' ? '' : conformPath(found.path)
    ;(out[key] ??= []).push(message(found.error))
  }
  return out
}

/** A form's starting values from a stored request (amounts in the reader's units). */
export function formDefaults(
  request: {
    kind: string
    justification: string
    endsAt: Date | null
    backupSchedule: string | null
    backupRetentionDays: number | null
    lines: { resource: string; requested: bigint }[]
  },
  resources: FormResource[],
  locale: Locale,
) {
  const preset = request.backupSchedule ? cronToPreset(request.backupSchedule) : null
  return {
    kind: request.kind,
    justification: request.justification,
    endDate: request.endsAt ? new Date(request.endsAt.getTime() + 7 * 3600_000).toISOString().slice(0, 10) : '',
    lines: resources.map((r) => {
      const line = request.lines.find((l) => l.resource === r.resource)
      return {
        resource: r.resource,
        amount: line && line.requested > 0n ? formatAmount(line.requested, unitOf(r.resource), locale) : '',
      }
    }),
    backup: preset
      ? {
          preset: preset.kind,
          time: preset.time,
          dayOfWeek: preset.kind === 'weekly' ? String(preset.dayOfWeek) : '',
          retentionDays: String(request.backupRetentionDays ?? ''),
        }
      : request.backupSchedule
        ? { preset: 'cron', cron: request.backupSchedule, retentionDays: String(request.backupRetentionDays ?? '') }
        : { preset: 'none', retentionDays: '' },
  }
}
