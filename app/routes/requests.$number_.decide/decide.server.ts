import { z } from 'zod'
import { parseAmount } from '#server/domain/quota-request-schema'
import type { ActionPayload, RequestAction } from '#server/domain/request-state'
import type { LineItem } from '#server/domain/line-items'
import { numberSymbols } from '#server/i18n/format'
import { formatDomainError } from '#server/i18n/domain-errors'
import { loadDecisionView } from '#server/workflow/decision-view'
import { approvalPolicyInForce } from '#server/policies/store'
import { may } from '#app/utils/auth.server'
import { byResource, formatResourceAmount, resourceLabel } from '#app/utils/labels.server'
import { translate, type Locale } from '#app/utils/i18n.server'
import { nextMeasuredBy, usedText } from '#app/utils/headroom.server'
import type { Db } from '#server/db/client'
import type { Principal } from '#server/identity/principal'
import { actorOf } from '#server/identity/principal'
import { loadDecisionSubject } from './subject.server'

// The decision page: what a reviewer sees before acting (pool fit, project grant, progress) and
// the parsing of what they send back. Every action is decided again under a lock by actOnRequest.

/** Actions a person takes from this page (the others belong to the form or to the system). */
export const PAGE_ACTIONS = [
  'approve',
  'sign_off',
  'return',
  'reject',
  'submit',
  'resubmit',
  'withdraw',
  'revoke',
] as const
const PageAction = z.enum(PAGE_ACTIONS)

export async function loadDecisionPage(db: Db, principal: Principal, requestId: string, locale: Locale) {
  const policy = await approvalPolicyInForce(db)
  const now = new Date()
  const view = await loadDecisionView(db, { requestId, actor: actorOf(principal), policy, now })
  if (!view) return null
  const subject = await loadDecisionSubject(db, {
    requestId,
    locale,
    project: view.project,
    changedSinceReturn: view.changedSinceReturn,
  })
  if (!subject) return null
  const amount = (resource: string, value: bigint) =>
    formatResourceAmount(resource, value < 0n ? -value : value, locale)
  const signed = (resource: string, value: bigint) =>
    value < 0n ? `−${amount(resource, value)}` : amount(resource, value)
  const nextBy = nextMeasuredBy(now)
  return {
    subject,
    version: view.request.version,
    actions: view.actions.filter((a): a is (typeof PAGE_ACTIONS)[number] =>
      (PAGE_ACTIONS as readonly string[]).includes(a),
    ),
    // Why this reviewer may not decide it at all (separation of duties), in their language.
    mayNotDecide: view.mayNotDecide ? formatDomainError(view.mayNotDecide, locale) : null,
    progress: { ...view.progress, windowDays: policy.twoOperatorWindowDays },
    // The pools only for those who may read them (pool.read: the data centre's roles); agency staff
    // see their project's own headroom, never the province's capacity (decision 0030).
    capacity: !may(principal, 'pool.read')
      ? null
      : [...view.capacity].sort(byResource).map((line) => ({
          resource: line.resource,
          label: resourceLabel(line.resource, locale),
          capacity: amount(line.resource, line.capacity),
          allocated: amount(line.resource, line.allocated),
          change: signed(line.resource, line.change),
          after: signed(line.resource, line.remainingAfter),
          fits: line.fits,
        })),
    headroom: [...view.headroom].sort(byResource).map((line) => ({
      label: resourceLabel(line.resource, locale),
      used: usedText(line.resource, line.used, locale, nextBy),
      granted: amount(line.resource, line.granted),
      requested: amount(line.resource, line.requested),
    })),
    decidable: view.request.lines
      .filter((l) => l.amount > 0n)
      .sort(byResource)
      .map((l) => ({
        resource: l.resource,
        label: resourceLabel(l.resource, locale),
        requested: amount(l.resource, l.amount),
      })),
  }
}

/** The field of the form a refusal is about, to show it there; null: the form as a whole. */
export type DecisionField = 'reason' | 'decided' | null

/** Where the domain's refusal of a decision belongs on the form. */
export function fieldOfRefusal(code: string): DecisionField {
  if (code.startsWith('request.reason_')) return 'reason'
  if (code.startsWith('request.decided_')) return 'decided'
  return null
}

/** What the reviewer typed, to put back in the form they sent when it is refused. */
export function typedDecision(form: FormData): { reason: string; decided: Record<string, string> } {
  const decided: Record<string, string> = {}
  for (const [name, value] of form.entries()) {
    if (name.startsWith('decided.') && typeof value === 'string') decided[name.slice('decided.'.length)] = value
  }
  const reason = form.get('reason')
  return { reason: typeof reason === 'string' ? reason : '', decided }
}

export type ParsedDecision = { action: RequestAction; version: number; payload: ActionPayload }

/**
 * The posted form: `intent` (the action), `version` (what the reviewer saw), `reason`, and for a
 * partial approval `decided.<resource>` amounts in the reader's units. Blank amounts mean "as
 * requested"; if every amount is blank the approval is in full.
 */
export function parseDecisionForm(
  form: FormData,
  requested: readonly LineItem[],
  locale: Locale,
): { ok: true; value: ParsedDecision } | { ok: false; message: string; field: DecisionField } {
  const action = PageAction.safeParse(form.get('intent'))
  const version = z.coerce.number().int().min(1).safeParse(form.get('version'))
  if (!action.success || !version.success)
    return { ok: false, message: translate(locale, 'workflow.invalidForm'), field: null }
  const text = (name: string) => {
    const value = form.get(name)
    return typeof value === 'string' ? value : ''
  }
  const reason = text('reason')
  const payload: { reason?: string; decidedLines?: LineItem[] } = { reason }
  if (action.data === 'approve') {
    const decided: LineItem[] = []
    let partial = false
    for (const line of requested.filter((l) => l.amount > 0n)) {
      const raw = text(`decided.${line.resource}`).trim()
      if (raw === '') {
        decided.push(line)
        continue
      }
      const parsed = parseAmount(raw, line.resource, { syntax: 'human', numbers: numberSymbols(locale) })
      if (!parsed.ok)
        return {
          ok: false,
          message: `${resourceLabel(line.resource, locale)}: ${formatDomainError(parsed.error, locale)}`,
          field: 'decided',
        }
      partial = true
      decided.push({ resource: line.resource, amount: parsed.value })
    }
    if (partial) payload.decidedLines = decided
  }
  return { ok: true, value: { action: action.data, version: version.data, payload } }
}
