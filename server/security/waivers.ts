// The waivers' rules (issue 13), pure: what a request must say, how long it may last, which
// action moves a waiver from which state to which, and who may take it. A waiver accepts the risk
// of one check on one project for a while, for one subject or for the whole check; a security
// officer other than its requester decides it (decision 0041). The workflow
// (server/workflow/waivers.ts) reads the facts and writes what these functions allow; the
// database holds the year and the separation of duties again as CHECK constraints.
import { z } from 'zod'
import type { Severity } from './catalogue'
import { WAIVER_MAX_DAYS, latestWaiverExpiry } from './finding-status'

export const WAIVER_STATES = ['requested', 'approved', 'rejected', 'withdrawn', 'revoked', 'expired'] as const
export type WaiverState = (typeof WAIVER_STATES)[number]

/** What can happen to a waiver after it is requested. */
export const WAIVER_ACTIONS = ['withdraw', 'approve', 'reject', 'revoke', 'expire'] as const
export type WaiverAction = (typeof WAIVER_ACTIONS)[number]
/** What a person may do; expiring is the sweep's alone. */
export type PersonAction = Exclude<WaiverAction, 'expire'>

/** The one state each action starts from, and where it leads. */
export const WAIVER_TRANSITIONS: Readonly<Record<WaiverAction, { from: WaiverState; to: WaiverState }>> = {
  withdraw: { from: 'requested', to: 'withdrawn' },
  approve: { from: 'requested', to: 'approved' },
  reject: { from: 'requested', to: 'rejected' },
  revoke: { from: 'approved', to: 'revoked' },
  expire: { from: 'approved', to: 'expired' },
}

/** A waiver that still counts or may still count: one per check and subject of a project. */
export const LIVE_WAIVER_STATES: readonly WaiverState[] = ['requested', 'approved']

export const JUSTIFICATION_MAX = 2000
export const CONTROL_MAX = 2000
export const REASON_MAX = 1000

export const WAIVER_ERROR_CODES = [
  'waiver.justification_required',
  'waiver.justification_too_long',
  'waiver.control_required',
  'waiver.control_too_long',
  'waiver.expiry_invalid',
  'waiver.expiry_not_future',
  'waiver.expiry_too_late',
  'waiver.text_invalid_characters',
  'waiver.reason_required',
  'waiver.reason_too_long',
  'waiver.target_required',
  'waiver.check_unknown',
  'waiver.check_not_at_level',
  'waiver.check_platform',
  'waiver.finding_not_open',
  'waiver.duplicate',
  'waiver.transition_not_allowed',
  'waiver.requester_cannot_decide',
  'waiver.only_requester_withdraws',
  'waiver.role_not_allowed',
  'waiver.not_yet_expired',
] as const
export type WaiverErrorCode = (typeof WAIVER_ERROR_CODES)[number]

export interface WaiverError {
  readonly code: WaiverErrorCode
  readonly params: Readonly<Record<string, string | number>>
  /** The form field it belongs to, when it is about one. */
  readonly field?: 'justification' | 'compensatingControl' | 'expiresAt' | 'reason' | 'target'
}
export type WaiverResult<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: WaiverError }

export const waiverError = (
  code: WaiverErrorCode,
  params: WaiverError['params'] = {},
  field?: WaiverError['field'],
): WaiverError => ({ code, params, ...(field ? { field } : {}) })
const refuse = (...args: Parameters<typeof waiverError>) => ({ ok: false as const, error: waiverError(...args) })

/** The refusals that are a person overstepping their duties (audited as denied), not a mistake in a form. */
export const DUTY_REFUSALS: ReadonlySet<WaiverErrorCode> = new Set<WaiverErrorCode>([
  'waiver.requester_cannot_decide',
  'waiver.only_requester_withdraws',
  'waiver.role_not_allowed',
])

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/
/** A date alone is the end of that day in Việt Nam (UTC+7): the waiver holds through it. */
function parseExpiry(value: string): Date | null {
  const text = value.trim()
  if (!DATE_ONLY.test(text)) {
    const instant = new Date(text)
    return Number.isNaN(instant.getTime()) ? null : instant
  }
  // 2026-02-30 is no day (Date would roll it over into March).
  const noon = new Date(`${text}T12:00:00Z`)
  if (Number.isNaN(noon.getTime()) || noon.toISOString().slice(0, 10) !== text) return null
  return new Date(`${text}T23:59:59+07:00`)
}

/** Control characters other than line breaks and tabs (PostgreSQL's text cannot even hold NUL). */
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/
const text = (max: number, required: WaiverErrorCode, tooLong: WaiverErrorCode) =>
  z
    .string({ error: required })
    .trim()
    .min(1, { error: required })
    .max(max, { error: tooLong })
    .refine((value) => !CONTROL.test(value), { error: 'waiver.text_invalid_characters' })

/** The words of a request, as the form and the API send them. */
export const waiverRequestSchema = z.object({
  justification: text(JUSTIFICATION_MAX, 'waiver.justification_required', 'waiver.justification_too_long'),
  compensatingControl: text(CONTROL_MAX, 'waiver.control_required', 'waiver.control_too_long'),
  expiresAt: z.string({ error: 'waiver.expiry_invalid' }).max(40, { error: 'waiver.expiry_invalid' }),
})

export interface WaiverRequestInput {
  readonly justification: string
  readonly compensatingControl: string
  readonly expiresAt: Date
}

/**
 * Checks a request's words and expiry against the severity of what it waives: every problem at
 * once (a form shows them all), the expiry in the future and within WAIVER_MAX_DAYS of `now`.
 */
export function validateWaiverRequest(
  raw: unknown,
  context: { readonly severity: Severity; readonly now: Date },
): { ok: true; value: WaiverRequestInput } | { ok: false; errors: readonly WaiverError[] } {
  const parsed = waiverRequestSchema.safeParse(raw)
  const errors: WaiverError[] = parsed.success
    ? []
    : parsed.error.issues.map((issue) => {
        const field = String(issue.path[0] ?? '') as WaiverError['field']
        const code = (WAIVER_ERROR_CODES as readonly string[]).includes(issue.message)
          ? (issue.message as WaiverErrorCode)
          : field === 'expiresAt'
            ? 'waiver.expiry_invalid'
            : field === 'compensatingControl'
              ? 'waiver.control_required'
              : 'waiver.justification_required'
        const max = code === 'waiver.control_too_long' ? CONTROL_MAX : JUSTIFICATION_MAX
        return waiverError(code, code.endsWith('too_long') ? { max } : {}, field)
      })
  // The expiry is judged even when the words are not, so the form shows every problem at once.
  const expiryField = waiverRequestSchema.shape.expiresAt.safeParse((raw as { expiresAt?: unknown } | null)?.expiresAt)
  const rawExpiry = expiryField.success ? expiryField.data : null
  const expiresAt = rawExpiry === null ? null : parseExpiry(rawExpiry)
  if (rawExpiry !== null) {
    const problem = expiryProblem(expiresAt, context)
    if (problem) errors.push(problem)
  }
  if (errors.length > 0 || !parsed.success || expiresAt === null) return { ok: false, errors }
  return {
    ok: true,
    value: {
      justification: parsed.data.justification,
      compensatingControl: parsed.data.compensatingControl,
      expiresAt,
    },
  }
}

function expiryProblem(expiresAt: Date | null, context: { severity: Severity; now: Date }): WaiverError | null {
  if (expiresAt === null) return waiverError('waiver.expiry_invalid', {}, 'expiresAt')
  if (expiresAt <= context.now) return waiverError('waiver.expiry_not_future', {}, 'expiresAt')
  const latest = latestWaiverExpiry(context.severity, context.now)
  if (expiresAt > latest) {
    return waiverError(
      'waiver.expiry_too_late',
      { days: WAIVER_MAX_DAYS[context.severity], severity: context.severity, latest: latest.toISOString() },
      'expiresAt',
    )
  }
  return null
}

/** Who acts: a person (roles as the console gives them) or the console's sweep (`system`). */
export interface WaiverActor {
  readonly id: string
  readonly roles: readonly string[]
}

export interface WaiverNow {
  readonly state: WaiverState
  readonly requestedById: string
  readonly expiresAt: Date
}

/**
 * Whether `actor` may take `action` on the waiver now, and the state it leads to. Deciding
 * (approve, reject) and revoking are a security officer's, never the requester's own decision
 * even when they are an officer too; withdrawing is the requester's; expiring is the sweep's, once
 * the expiry has passed. A decision and a revocation give their reason.
 */
export function decideWaiverAction(input: {
  readonly waiver: WaiverNow
  readonly action: WaiverAction
  readonly actor: WaiverActor
  readonly reason?: string | null
  readonly now: Date
}): WaiverResult<{ state: WaiverState; reason: string | null }> {
  const { waiver, action, actor } = input
  const transition = WAIVER_TRANSITIONS[action]
  const role = roleRefusal(action, actor, waiver)
  if (role) return refuse(role)
  if (waiver.state !== transition.from) return refuse('waiver.transition_not_allowed', { action, state: waiver.state })
  if (action === 'expire' && waiver.expiresAt > input.now) return refuse('waiver.not_yet_expired')
  const reason = input.reason?.trim() ?? ''
  if (reason.length > REASON_MAX) return refuse('waiver.reason_too_long', { max: REASON_MAX }, 'reason')
  if (CONTROL.test(reason)) return refuse('waiver.text_invalid_characters', {}, 'reason')
  const needsReason = action === 'approve' || action === 'reject' || action === 'revoke'
  if (needsReason && reason === '') return refuse('waiver.reason_required', {}, 'reason')
  return { ok: true, value: { state: transition.to, reason: reason === '' ? null : reason } }
}

function roleRefusal(action: WaiverAction, actor: WaiverActor, waiver: WaiverNow): WaiverErrorCode | null {
  switch (action) {
    case 'withdraw':
      return actor.id === waiver.requestedById ? null : 'waiver.only_requester_withdraws'
    case 'approve':
    case 'reject':
      if (!actor.roles.includes('security_officer')) return 'waiver.role_not_allowed'
      return actor.id === waiver.requestedById ? 'waiver.requester_cannot_decide' : null
    case 'revoke':
      return actor.roles.includes('security_officer') ? null : 'waiver.role_not_allowed'
    case 'expire':
      return actor.roles.includes('system') ? null : 'waiver.role_not_allowed'
  }
}

/** For pages and the API: the actions this person could take on the waiver now (the rules, not the roles' table). */
export function waiverActionsFor(waiver: WaiverNow, actor: WaiverActor, now: Date): PersonAction[] {
  return (['withdraw', 'approve', 'reject', 'revoke'] as const).filter(
    (action) => decideWaiverAction({ waiver, action, actor, reason: 'x', now }).ok,
  )
}

const DAY_MS = 86_400_000
/** Days before expiry at which the requester and the agency are warned, each once. */
export const EXPIRY_WARNING_DAYS: readonly number[] = [14, 3]

/**
 * The warning due now for an approved waiver, as its number of days, or null: the latest
 * threshold already crossed, if no warning was sent since it was crossed. A waiver approved
 * with 10 days left gets the 14-day warning at once and the 3-day one later; one found by the
 * sweep at 2 days gets only the 3-day one.
 */
export function expiryWarningDue(
  waiver: { readonly state: WaiverState; readonly expiresAt: Date; readonly expiryWarnedAt: Date | null },
  now: Date,
): number | null {
  if (waiver.state !== 'approved' || waiver.expiresAt <= now) return null
  const crossed = [...EXPIRY_WARNING_DAYS]
    .sort((a, b) => a - b)
    .find((days) => waiver.expiresAt.getTime() - days * DAY_MS <= now.getTime())
  if (crossed === undefined) return null
  const crossedAt = new Date(waiver.expiresAt.getTime() - crossed * DAY_MS)
  return waiver.expiryWarnedAt !== null && waiver.expiryWarnedAt >= crossedAt ? null : crossed
}
