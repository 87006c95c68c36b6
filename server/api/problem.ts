import type { DomainError, DomainErrorCode, FieldIssue } from '../domain/errors'
import { DEFAULT_LOCALE, type Locale } from '../i18n/format'
import { formatDomainError } from '../i18n/domain-errors'
import { formatDate } from '../i18n/format'
import { translate as translateKey } from '../i18n/index'
import type { WaiverError } from '../security/waivers'
import type { components } from './generated/openapi'
import { apiMessage, statusTitle, type ApiProblemCode } from './messages'

// Errors as RFC 9457 problem documents, in the caller's language. Handlers throw an ApiProblem;
// handleApiRequest turns it into the response, so a refusal can never be half-answered.

export type Problem = components['schemas']['Problem']
export type FieldError = components['schemas']['FieldError']

/** Where the problem types live: `tag:` URIs (RFC 4151) name them without promising a web page. */
export const PROBLEM_TYPE_BASE = 'tag:govcloud.langson.gov.vn,2026:problem:'

type Message =
  | { api: ApiProblemCode; params?: Readonly<Record<string, string | number>> }
  | { domain: DomainError }
  | { waiver: WaiverError }

/** The stable code of a message: the API's own, the domain's or the waivers' (server/security/waivers.ts). */
const codeOf = (message: Message): string =>
  'api' in message ? message.api : 'domain' in message ? message.domain.code : message.waiver.code

/** A field problem before translation: a JSON Pointer and what is wrong there. */
export type FieldProblem = { pointer: string; message: Message }

export class ApiProblem extends Error {
  readonly status: number
  readonly code: string
  readonly detail: Message
  readonly fields: readonly FieldProblem[]
  readonly headers: Readonly<Record<string, string>>
  constructor(
    status: number,
    detail: Message,
    options: { fields?: readonly FieldProblem[]; headers?: Record<string, string>; code?: string } = {},
  ) {
    super(options.code ?? codeOf(detail))
    this.name = 'ApiProblem'
    this.status = status
    this.code = options.code ?? codeOf(detail)
    this.detail = detail
    this.fields = options.fields ?? []
    this.headers = options.headers ?? {}
  }
}

export const apiProblem = (
  status: number,
  code: ApiProblemCode,
  params?: Record<string, string | number>,
  headers?: Record<string, string>,
) => new ApiProblem(status, { api: code, params }, { headers })

export const notFound = () => apiProblem(404, 'api.not_found')

/** 422 listing every field problem; `detail` counts them. */
export function invalidInput(fields: readonly FieldProblem[]): ApiProblem {
  return new ApiProblem(422, { api: 'api.invalid_input', params: { count: fields.length } }, { fields })
}

/** A dotted domain path (`lines.0.amount`) as a JSON Pointer under `prefix` (`/content`). */
export function pointerOf(path: string, prefix = ''): string {
  const segments = path === '' ? [] : path.split('.')
  return prefix + segments.map((s) => `/${s.replace(/~/g, '~0').replace(/\//g, '~1')}`).join('')
}

export function fieldProblemsOf(issues: readonly FieldIssue[], prefix = ''): FieldProblem[] {
  return issues.map((found) => ({ pointer: pointerOf(found.path, prefix), message: { domain: found.error } }))
}

function translate(message: Message, locale: Locale): string {
  if ('api' in message) return apiMessage(message.api, locale, message.params)
  if ('domain' in message) return formatDomainError(message.domain, locale)
  const params = { ...message.waiver.params }
  // The latest expiry travels as an ISO string; people read it as their date.
  if (typeof params['latest'] === 'string') params['latest'] = formatDate(new Date(params['latest']), locale)
  return translateKey(locale, `waiver.error.${message.waiver.code}`, params)
}

/** Every domain refusal of an action as an HTTP status: whose fault, and whether retrying can help. */
const DOMAIN_STATUS: Partial<Record<DomainErrorCode, number>> = {
  'request.stale': 409,
  'request.transition_not_allowed': 409,
  'request.duplicate_approval': 409,
  'request.already_signed_off': 409,
  'capacity.insufficient': 409,
  'capacity.decrease_below_zero': 409,
  'restore.no_backups': 409,
  'closure.already_open': 409,
  'closure.not_submitted': 409,
  'closure.already_decided': 409,
  'system.changed_meanwhile': 409,
  'request.role_not_allowed': 403,
  'request.security_officer_cannot_approve': 403,
  'request.requester_cannot_decide': 403,
  'request.submitter_cannot_decide': 403,
  'request.editor_cannot_decide': 403,
  'request.own_agency_cannot_decide': 403,
  'request.signer_cannot_approve': 403,
  'request.approver_cannot_sign_off': 403,
  'request.auto_approval_not_allowed': 403,
  'request.auto_approval_needs_two_operators': 403,
}

/** The field of an action's body a domain refusal is about, when there is one. */
const DOMAIN_FIELD: Partial<Record<DomainErrorCode, string>> = {
  'request.reason_required': '/reason',
  'request.reason_too_long': '/reason',
  'request.decided_lines_mismatch': '/decidedLines',
  'request.decided_exceeds_requested': '/decidedLines',
  'request.decided_all_zero': '/decidedLines',
  'request.no_amount': '/content/lines',
  'request.justification_required': '/content/justification',
  'request.content_missing': '/content',
  'restore.backup_not_found': '/backupName',
  'restore.backup_not_completed': '/backupName',
  'restore.other_namespace': '/namespace',
  'restore.bucket_not_found': '/sourceBucket',
  'restore.no_bucket_room': '/sourceBucket',
  'restore.bucket_exists': '/label',
  'restore.label_invalid': '/label',
  'closure.reason_required': '/reason',
  'closure.note_required': '/note',
}

/** A refusal of the state machine or the ledger: 403 (the rules say not you), 409 or 422. */
export function domainProblem(error: DomainError): ApiProblem {
  // The domain's sentence tells a person to reload the page; a program needs the versions.
  if (error.code === 'request.stale')
    return new ApiProblem(409, { api: 'api.stale', params: error.params }, { code: error.code })
  const status = DOMAIN_STATUS[error.code] ?? 422
  const pointer = DOMAIN_FIELD[error.code]
  const fields = status === 422 ? [{ pointer: pointer ?? '', message: { domain: error } }] : []
  return new ApiProblem(status, { domain: error }, { fields })
}

/**
 * The caller's language from Accept-Language: the most preferred of `vi` and `en` (by q-value,
 * then by order), Vietnamese when neither is asked for.
 */
export function negotiateLocale(header: string | null): Locale {
  if (!header) return DEFAULT_LOCALE
  const ranked = header
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().toLowerCase().split(';')
      const q = params.map((p) => /^\s*q=([01](?:\.\d{0,3})?)\s*$/.exec(p)?.[1]).find((v) => v !== undefined)
      return { primary: tag.trim().split('-')[0], q: q === undefined ? 1 : Number(q), index }
    })
    .filter((entry) => entry.q > 0 && (entry.primary === 'vi' || entry.primary === 'en'))
    .sort((a, b) => b.q - a.q || a.index - b.index)
  return (ranked[0]?.primary as Locale | undefined) ?? DEFAULT_LOCALE
}

export function problemResponse(problem: ApiProblem, locale: Locale, instance: string): Response {
  const body: Problem = {
    type: PROBLEM_TYPE_BASE + problem.code,
    title: statusTitle(problem.status, locale),
    status: problem.status,
    detail: translate(problem.detail, locale),
    instance,
    code: problem.code,
    ...(problem.fields.length > 0
      ? {
          errors: problem.fields.map((f) => ({
            path: f.pointer,
            code: codeOf(f.message),
            message: translate(f.message, locale),
          })),
        }
      : {}),
  }
  return new Response(JSON.stringify(body), {
    status: problem.status,
    headers: {
      'Content-Type': 'application/problem+json; charset=utf-8',
      'Content-Language': locale,
      'Cache-Control': 'no-store',
      Vary: 'Accept-Language, Authorization',
      ...problem.headers,
    },
  })
}
