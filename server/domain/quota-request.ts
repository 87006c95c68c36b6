// The content of a quota request (what is asked for) and its two validations: lenient for a
// draft, which may be half-filled and saved many times, and strict for submission.
import { checkFrequency, validateCron, validateRetentionDays, type BackupSettings } from './backup-schedule'
import { MAX_AMOUNT } from './amount'
import { domainError, issue, validation, type FieldIssue, type Validation } from './errors'
import { amountOf, nonZeroLines, type LineItem } from './line-items'
import { characterCount } from './names'
import { describeResource, type CatalogueSettings, type ResourceKey } from './resources'

export const REQUEST_KINDS = ['new', 'increase', 'decrease'] as const
/** `increase` and `decrease` change the project's active allocation by the amounts of the lines. */
export type RequestKind = (typeof REQUEST_KINDS)[number]

export const JUSTIFICATION_MAX = 4000

export interface RequestContent {
  readonly kind: RequestKind
  /**
   * For `new`, the amounts wanted; for `increase`/`decrease`, how much to add or take away
   * (never a negative number, never the new total).
   */
  readonly lines: readonly LineItem[]
  readonly backup: BackupSettings | null
  readonly justification: string
  /** When the allocation ends (it expires then); null for no end. Never for a decrease. */
  readonly endDate: Date | null
}

/** Content as it comes from a form or the API, amounts already parsed to canonical bigint. */
export interface RequestContentInput {
  readonly kind: string
  /** `index`: the line's position in the original input (blank lines dropped), for error paths. */
  readonly lines: readonly { readonly resource: string; readonly amount: bigint; readonly index?: number }[]
  readonly backup?: { readonly schedule: string; readonly retentionDays: number } | null
  readonly justification?: string | null
  readonly endDate?: Date | null
}

export interface RequestContext {
  readonly catalogue: CatalogueSettings
  readonly now: Date
  /**
   * The project's active allocation, when the caller has it: lets submission refuse an increase
   * without an allocation or a decrease bigger than what is held, before anyone reviews it.
   */
  readonly currentAllocation?: ReadonlyMap<ResourceKey, bigint> | null
  /**
   * When the project's active allocation ends (null: no end), when the caller has it. An increase
   * adds to that allocation and ends with it at the latest, so it may not outlive it.
   */
  readonly allocationEndsAt?: Date | null
  /** The system's security level, when the caller has it: it bounds how often backups may run. */
  readonly securityLevel?: number
}

export function isRequestKind(value: string): value is RequestKind {
  return (REQUEST_KINDS as readonly string[]).includes(value)
}

/** NFC and trimmed, line breaks kept. */
export function normaliseJustification(raw: string | null | undefined): string {
  return (raw ?? '').normalize('NFC').trim()
}

interface Checked {
  readonly issues: FieldIssue[]
  readonly content: RequestContent
}

/** The checks a draft must pass already: shape, known resources, limits. */
function checkContent(input: RequestContentInput, context: RequestContext): Checked {
  const issues: FieldIssue[] = []
  const kind: RequestKind = isRequestKind(input.kind) ? input.kind : 'new'
  if (!isRequestKind(input.kind)) {
    issues.push(issue('kind', domainError('request.kind_invalid', { kind: input.kind })))
  }

  const lines: LineItem[] = []
  const seen = new Set<string>()
  input.lines.forEach((line, position) => {
    const index = line.index ?? position
    const described = describeResource(line.resource, context.catalogue)
    if (!described.ok) {
      issues.push(issue(`lines.${index}.resource`, described.error))
      return
    }
    const resource = described.value.key
    if (seen.has(resource)) {
      issues.push(issue(`lines.${index}.resource`, domainError('request.duplicate_line', { resource })))
      return
    }
    seen.add(resource)
    if (line.amount < 0n) {
      issues.push(issue(`lines.${index}.amount`, domainError('quantity.negative', { input: line.amount.toString() })))
      return
    }
    if (line.amount > MAX_AMOUNT) {
      issues.push(issue(`lines.${index}.amount`, domainError('quantity.overflow', { input: line.amount.toString() })))
      return
    }
    lines.push({ resource, amount: line.amount })
  })

  let backup: BackupSettings | null = null
  if (input.backup !== undefined && input.backup !== null) {
    const valid = validateCron(input.backup.schedule)
    const level = context.securityLevel
    const schedule = valid.ok && level !== undefined ? checkFrequency(valid.value, level) : valid
    if (!schedule.ok) issues.push(issue('backup.schedule', schedule.error))
    const retention = validateRetentionDays(input.backup.retentionDays)
    if (!retention.ok) issues.push(issue('backup.retentionDays', retention.error))
    if (schedule.ok && retention.ok) {
      backup = { schedule: schedule.value, retentionDays: retention.value }
    }
  }

  const justification = normaliseJustification(input.justification)
  const length = characterCount(justification)
  if (length > JUSTIFICATION_MAX) {
    issues.push(
      issue('justification', domainError('request.justification_too_long', { max: JUSTIFICATION_MAX, length })),
    )
  }

  const endDate = input.endDate ?? null
  if (endDate !== null && Number.isNaN(endDate.getTime())) {
    issues.push(issue('endDate', domainError('input.invalid_date', {})))
  }

  return { issues, content: { kind, lines, backup, justification, endDate } }
}

/** Lenient: a draft may be empty, have zero amounts, lack a justification or an end date. */
export function validateDraft(input: RequestContentInput, context: RequestContext): Validation<RequestContent> {
  const { issues, content } = checkContent(input, context)
  return validation(issues, () => content)
}

/** Whether an allocation holds anything at all. */
function holdsAnything(allocation: ReadonlyMap<ResourceKey, bigint>): boolean {
  for (const amount of allocation.values()) if (amount > 0n) return true
  return false
}

/**
 * Strict: everything a reviewer needs. At least one non-zero amount, a justification, an end
 * date in the future (none for a decrease), backup settings when backup storage is asked for,
 * and, given the current allocation, a kind that fits it. Zero lines are dropped.
 */
export function validateForSubmit(input: RequestContentInput, context: RequestContext): Validation<RequestContent> {
  const { issues, content } = checkContent(input, context)
  const lines = nonZeroLines(content.lines)
  const linesValid = !issues.some((found) => found.path.startsWith('lines.'))
  if (lines.length === 0 && linesValid) {
    issues.push(issue('lines', domainError('request.no_amount', {})))
  }
  if (content.justification === '') {
    issues.push(issue('justification', domainError('request.justification_required', {})))
  }
  const { endDate, kind } = content
  if (endDate !== null && !Number.isNaN(endDate.getTime())) {
    if (kind === 'decrease') {
      issues.push(issue('endDate', domainError('request.end_date_not_allowed', {})))
    } else if (endDate.getTime() <= context.now.getTime()) {
      issues.push(issue('endDate', domainError('request.end_date_not_future', {})))
    }
  }
  if (kind !== 'decrease' && amountOf(lines, 'backupStorage') > 0n && content.backup === null) {
    const backupIssue = issues.some((found) => found.path.startsWith('backup.'))
    if (!backupIssue) issues.push(issue('backup', domainError('request.backup_settings_required', {})))
  }

  const current = context.currentAllocation
  if (current !== undefined && current !== null) {
    if (kind === 'new' && holdsAnything(current)) {
      issues.push(issue('kind', domainError('request.allocation_exists', {})))
    }
    if (kind !== 'new' && !holdsAnything(current)) {
      issues.push(issue('kind', domainError('request.no_active_allocation', {})))
    }
    if (kind === 'decrease' && holdsAnything(current)) {
      content.lines.forEach((line) => {
        const held = current.get(line.resource) ?? 0n
        if (line.amount > held) {
          const position = input.lines.findIndex((raw) => raw.resource === line.resource)
          const index = input.lines[position]?.index ?? position
          issues.push(
            issue(
              `lines.${index}.amount`,
              domainError('request.decrease_exceeds_allocation', {
                resource: line.resource,
                current: held.toString(),
                requested: line.amount.toString(),
              }),
            ),
          )
        }
      })
    }
  }
  const allocationEnd = context.allocationEndsAt
  if (kind === 'increase' && allocationEnd && endDate !== null && endDate.getTime() > allocationEnd.getTime()) {
    issues.push(
      issue('endDate', domainError('request.end_date_after_allocation', { endsAt: allocationEnd.toISOString() })),
    )
  }
  return validation(issues, () => ({ ...content, lines }))
}
