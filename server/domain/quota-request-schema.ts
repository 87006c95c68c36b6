// The boundary between a form (or the REST API) and the domain: a zod schema that turns raw
// input into a request's content with exact amounts, and reports every problem as a
// DomainError at the field it belongs to. Works with Conform's parseWithZod (pass `message` to
// get messages in the reader's language) and with plain JSON.
import { z } from 'zod'
import { presetToCron, validateCron } from './backup-schedule'
import {
  domainError,
  err,
  isDomainErrorCode,
  ok,
  type DomainError,
  type FieldIssue,
  type Result,
  type Validation,
} from './errors'
import { parseHumanCount, parseHumanCpu, parseHumanSize, type NumberSymbols } from './human-quantity'
import { parseQuantity } from './quantity'
import {
  isRequestKind,
  validateDraft,
  validateForSubmit,
  type RequestContent,
  type RequestContentInput,
  type RequestContext,
} from './quota-request'
import { unitOf } from './resources'

/**
 * How amounts are written: `kubernetes` quantities, `1536Gi`, `2` (the API), or `human` ones,
 * `1,5 TiB`, `2 vCPU`, with the reader's separators (forms).
 */
export type AmountSyntax =
  { readonly syntax: 'kubernetes' } | { readonly syntax: 'human'; readonly numbers: NumberSymbols }

export type SchemaOptions = AmountSyntax & {
  /** Turns an error into the issue's message; default: the code (Conform shows the message). */
  readonly message?: (error: DomainError) => string
}

type RawLine = { readonly resource: string; readonly amount: bigint; readonly index: number }

export interface ParsedRequestInput {
  readonly projectId: string
  /** The version the form was rendered from (optimistic concurrency); null for a new request. */
  readonly version: number | null
  readonly content: RequestContentInput
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** Form fields arrive as '' when left blank; both mean "not given". */
function blank(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'string' && value.trim() === '')
}

function parseInteger(value: unknown): number | null {
  if (typeof value === 'number') return Number.isSafeInteger(value) ? value : null
  if (typeof value === 'string' && /^\s*\d{1,9}\s*$/.test(value)) return Number(value)
  return null
}

/** An amount of the resource's unit, in the syntax of the channel. */
export function parseAmount(value: unknown, resource: string, options: AmountSyntax): Result<bigint> {
  const unit = unitOf(resource)
  if (typeof value === 'number') {
    // JSON numbers are floats: only whole numbers that survive the trip are taken, and they
    // mean what the same digits mean as a quantity (cores for CPU, bytes, items).
    if (!Number.isSafeInteger(value)) return err('input.unsafe_number', {})
    return parseQuantity(String(value), unit)
  }
  if (typeof value !== 'string') return err('input.not_text', {})
  if (options.syntax === 'kubernetes') return parseQuantity(value, unit)
  if (unit === 'bytes') return parseHumanSize(value, options.numbers, { defaultByteUnit: 'GiB' })
  if (unit === 'millicores') return parseHumanCpu(value, options.numbers)
  return parseHumanCount(value, options.numbers)
}

/**
 * `yyyy-mm-dd` (what `<input type="date">` sends) means the end of that day in Vietnam
 * (23:59:59.999, UTC+7), so the allocation lasts through the date shown; a full ISO date-time
 * with an offset (the API) is taken as it is.
 */
export function parseEndDate(value: unknown): Result<Date | null> {
  if (blank(value)) return ok(null)
  if (typeof value !== 'string') return err('input.invalid_date', {})
  const text = value.trim()
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text)
  if (day !== null) {
    const [year, month, date] = [Number(day[1]), Number(day[2]), Number(day[3])]
    const utc = new Date(Date.UTC(year, month - 1, date, 23, 59, 59, 999))
    const real = utc.getUTCFullYear() === year && utc.getUTCMonth() === month - 1 && utc.getUTCDate() === date
    if (!real) return err('input.invalid_date', {})
    return ok(new Date(utc.getTime() - 7 * 60 * 60 * 1000))
  }
  const instant = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/.test(text)
    ? new Date(text)
    : null
  if (instant === null || Number.isNaN(instant.getTime())) {
    return err('input.invalid_date', {})
  }
  return ok(instant)
}

/** Backup settings: `{ preset: daily|weekly|cron|none, time, dayOfWeek, cron, retentionDays }`. */
function parseBackup(value: unknown, add: Report): RequestContentInput['backup'] {
  if (blank(value)) return null
  if (!isRecord(value)) {
    add([], domainError('input.not_object', {}))
    return null
  }
  const preset = blank(value['preset']) ? 'none' : value['preset']
  if (preset === 'none') return null
  let schedule: Result<string>
  let schedulePath: string
  if (preset === 'daily' || preset === 'weekly') {
    schedulePath = 'time'
    const time = typeof value['time'] === 'string' ? value['time'] : ''
    const day = parseInteger(value['dayOfWeek'])
    if (preset === 'weekly' && day === null) {
      add(['dayOfWeek'], domainError('input.not_integer', {}))
      return null
    }
    schedule =
      preset === 'daily'
        ? presetToCron({ kind: 'daily', time })
        : presetToCron({ kind: 'weekly', dayOfWeek: day ?? 0, time })
    if (!schedule.ok && schedule.error.code === 'request.schedule_invalid') schedulePath = 'dayOfWeek'
  } else if (preset === 'cron') {
    schedulePath = 'cron'
    schedule = validateCron(typeof value['cron'] === 'string' ? value['cron'] : '')
  } else {
    add(['preset'], domainError('input.invalid_choice', { value: String(preset) }))
    return null
  }
  if (!schedule.ok) add([schedulePath], schedule.error)
  const retention = blank(value['retentionDays']) ? null : parseInteger(value['retentionDays'])
  if (blank(value['retentionDays'])) add(['retentionDays'], domainError('input.required', {}))
  else if (retention === null) add(['retentionDays'], domainError('input.not_integer', {}))
  if (!schedule.ok || retention === null) return null
  return { schedule: schedule.value, retentionDays: retention }
}

/** The requested lines; a line whose amount is blank is not asked for and is left out. */
function parseLines(value: unknown, report: Report, syntax: AmountSyntax): RawLine[] {
  const lines: RawLine[] = []
  if (blank(value)) return lines
  if (!Array.isArray(value)) {
    report([], domainError('input.not_list', {}))
    return lines
  }
  value.forEach((item: unknown, index) => {
    if (!isRecord(item)) return report([index], domainError('input.not_object', {}))
    const resource = item['resource']
    if (typeof resource !== 'string' || resource === '') {
      return report([index, 'resource'], domainError('input.required', {}))
    }
    if (blank(item['amount'])) return // a blank field: this resource is not asked for
    const amount = parseAmount(item['amount'], resource, syntax)
    if (!amount.ok) return report([index, 'amount'], amount.error)
    lines.push({ resource, amount: amount.value, index })
  })
  return lines
}

/**
 * The schema of a request form or API body. Blank amounts drop their line (a form shows a field
 * for every resource); what remains is checked later by validateDraft or validateForSubmit.
 */
export function quotaRequestSchema(options: SchemaOptions) {
  return buildSchema(options, null)
}

type Report = (path: readonly (string | number)[], error: DomainError) => void

/**
 * With a sink, field problems are collected there instead of failing the parse, so that
 * parseQuotaRequest can add the domain's own findings and report everything at once.
 */
function buildSchema(options: SchemaOptions, sink: FieldIssue[] | null) {
  const message = options.message ?? ((error: DomainError) => error.code)
  const field = <T>(name: string, parse: (value: unknown, report: Report) => T) =>
    // optional(): an absent key must still reach the parser, which decides what absence means.
    z
      .unknown()
      .optional()
      .transform((value, ctx) =>
        parse(value, (path, error) => {
          if (sink !== null) sink.push({ path: [name, ...path].join('.'), error })
          else {
            ctx.addIssue({ code: 'custom', message: message(error), path: [...path], params: { domainError: error } })
          }
        }),
      )

  return z
    .object(
      {
        projectId: field('projectId', (value, report) => {
          if (blank(value)) report([], domainError('input.required', {}))
          else if (typeof value !== 'string') report([], domainError('input.not_text', {}))
          else return value.trim()
          return ''
        }),
        version: field('version', (value, report) => {
          if (blank(value)) return null
          const version = parseInteger(value)
          if (version === null || version < 1) report([], domainError('request.version_invalid', {}))
          return version
        }),
        kind: field('kind', (value, report) => {
          if (blank(value)) report([], domainError('input.required', {}))
          else if (typeof value !== 'string' || !isRequestKind(value)) {
            report([], domainError('request.kind_invalid', { kind: String(value) }))
          } else return value
          return ''
        }),
        lines: field('lines', (value, report) => parseLines(value, report, options)),
        backup: field('backup', (value, report) => parseBackup(value, report)),
        justification: field('justification', (value, report) => {
          if (blank(value)) return ''
          if (typeof value !== 'string') report([], domainError('input.not_text', {}))
          return typeof value === 'string' ? value : ''
        }),
        endDate: field('endDate', (value, report) => {
          const date = parseEndDate(value)
          if (!date.ok) report([], date.error)
          return date.ok ? date.value : null
        }),
      },
      { error: () => message(domainError('input.not_object', {})) },
    )
    .transform((raw): ParsedRequestInput => ({
      projectId: raw.projectId,
      version: raw.version,
      content: {
        kind: raw.kind,
        lines: raw.lines,
        backup: raw.backup,
        justification: raw.justification,
        endDate: raw.endDate,
      },
    }))
}

/** The DomainErrors of a failed parse, each at its dotted path (`lines.0.amount`). */
export function toFieldIssues(error: z.ZodError): FieldIssue[] {
  return error.issues.map((found) => {
    const params = 'params' in found ? (found.params as Record<string, unknown> | undefined) : undefined
    const carried = params?.['domainError'] as DomainError | undefined
    const fallback = isDomainErrorCode(found.message) ? domainError(found.message) : domainError('input.not_object', {})
    return { path: found.path.map(String).join('.'), error: carried ?? fallback }
  })
}

export interface ParsedRequest {
  readonly projectId: string
  readonly version: number | null
  readonly content: RequestContent
}

/**
 * Schema and domain rules in one call, for a route action or an API handler: `draft` checks
 * what a save needs, `submit` everything a reviewer needs. All issues come back at once.
 */
export function parseQuotaRequest(
  data: unknown,
  options: AmountSyntax & {
    readonly mode: 'draft' | 'submit'
    readonly context: RequestContext
  },
): Validation<ParsedRequest> {
  const sink: FieldIssue[] = []
  const parsed = buildSchema(options, sink).safeParse(data)
  if (!parsed.success) {
    // Only the body itself not being an object gets here: fields report into the sink.
    const issues = toFieldIssues(parsed.error)
    return { ok: false, error: issues[0]?.error ?? domainError('input.not_object', {}), issues }
  }
  const validate = options.mode === 'draft' ? validateDraft : validateForSubmit
  const checked = validate(parsed.data.content, options.context)
  // A field the schema already refused is not reported twice (a missing kind is not also an
  // invalid one; a list whose only amount was malformed is not also an empty list).
  const coveredBySchema = (path: string) =>
    sink.some((earlier) => earlier.path === path || earlier.path.startsWith(`${path}.`))
  const domainIssues = checked.ok ? [] : checked.issues.filter((found) => !coveredBySchema(found.path))
  const issues = [...sink, ...domainIssues]
  const first = issues[0]
  if (first !== undefined || !checked.ok) {
    return { ok: false, error: first?.error ?? domainError('input.not_object', {}), issues }
  }
  return ok({ projectId: parsed.data.projectId, version: parsed.data.version, content: checked.value })
}
