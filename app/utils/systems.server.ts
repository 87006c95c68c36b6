import { z } from 'zod'
import type { FieldIssue } from '#server/domain/errors'
import type { RegistrationInput } from '#server/domain/system-registration'
import { formatDomainError } from '#server/i18n/domain-errors'
import { actorOf, type Principal } from '#server/identity/principal'
import { registrationOf, type RegistrationStepView, type RegistrationView } from '#server/systems/read'
import { requireVisibleObject } from './auth.server'
import { getDb } from './db.server'
import { requestOrigin } from './client-origin.server'
import { readForm } from './form.server'
import { formatDate, formatDateTime, translate, type Locale } from './i18n.server'
import { agencyName } from './labels.server'

// What the information systems' pages share (issue 15, decision 0055): the posted forms read
// through zod (every field text of a bounded length; the domain's rules then decide), the store's
// refusals beside their fields, and a registration in the reader's words.

const text = (max: number) => z.string().max(max).optional().default('')

/**
 * The system of a page's address if the visitor may `action` on it: another agency's is the 404 of
 * an unknown one, audited (decision 0030); the pages of decisions 0055 and 0084 share it.
 */
export function visibleSystem(
  request: Request,
  namespace: string,
  action: 'project.read' | 'project.update' | 'project.review',
) {
  return requireVisibleObject(request, action, {
    type: 'Project',
    missing: { key: 'system.not_found' },
    find: async () => {
      const view = await registrationOf(getDb(), namespace)
      return view === null ? null : { ...view, agencyId: view.agency.id }
    },
  })
}

export const RegistrationForm = z.object({
  agencyCode: text(100),
  name: text(1000),
  purpose: text(10_000),
  securityLevel: text(10),
  documentNumber: text(1000),
  documentDate: text(100),
  documentIssuer: text(1000),
  processesPersonalData: text(10),
  ownerName: text(1000),
  contactName: text(1000),
  contactEmail: text(1000),
  contactPhone: text(100),
})
export type RegistrationFormValues = z.infer<typeof RegistrationForm>

export const ReviewForm = z.object({
  outcome: text(20),
  securityLevel: text(10),
  reason: text(10_000),
  version: text(12),
})
export type ReviewFormValues = z.infer<typeof ReviewForm>

/** The posted form through `schema`, or null when a field is not text or far too long. */
export async function readSystemForm<T extends z.ZodObject>(request: Request, schema: T): Promise<z.infer<T> | null> {
  const form = await readForm(request)
  const raw = Object.fromEntries(Object.keys(schema.shape).map((name) => [name, form.get(name) ?? undefined] as const))
  const parsed = schema.safeParse(raw)
  return parsed.success ? parsed.data : null
}

/** Which of a page's forms was posted (its `intent`), read from a copy so the form's reader still has the body. */
export async function postedIntent(request: Request): Promise<string> {
  const intent = (await readForm(request.clone())).get('intent')
  return typeof intent === 'string' ? intent : ''
}

/**
 * The version a form read. The pages' forms always send it; none (a form from before it existed,
 * or a script) is unchecked, as over the API; anything else that is not a version is stale.
 */
export const versionOf = (typed: string): number | null =>
  typed.trim() === '' ? null : /^\d{1,9}$/.test(typed.trim()) ? Number(typed) : 0

/** '' is no level chosen (refused at the field by the domain); anything else as typed. */
export const levelOf = (typed: string): number | null => (typed.trim() === '' ? null : Number(typed))

export function registrationInput(values: RegistrationFormValues): RegistrationInput {
  return {
    name: values.name,
    purpose: values.purpose,
    securityLevel: levelOf(values.securityLevel),
    documentNumber: values.documentNumber,
    documentDate: values.documentDate,
    documentIssuer: values.documentIssuer,
    processesPersonalData: values.processesPersonalData === 'on',
    ownerName: values.ownerName,
    contact: { name: values.contactName, email: values.contactEmail, phone: values.contactPhone },
  }
}

/** The form's field of a domain path (`contact.email` is the field `contactEmail`). */
const FIELD_OF: Readonly<Record<string, string>> = {
  'contact.name': 'contactName',
  'contact.email': 'contactEmail',
  'contact.phone': 'contactPhone',
  '': 'form',
}

/** The store's refusal as messages by field (`form` for the whole form). */
export function errorsBy(issues: readonly FieldIssue[], locale: Locale): Record<string, string[]> {
  const errors: Record<string, string[]> = {}
  for (const found of issues)
    (errors[FIELD_OF[found.path] ?? found.path] ??= []).push(formatDomainError(found.error, locale))
  return errors
}

export const changeBy = (principal: Principal, request: Request) => ({
  actor: actorOf(principal),
  origin: requestOrigin(request),
})

/** One step of the history in words: who did what, when, and the level, document or reason. */
function stepRow(step: RegistrationStepView, locale: Locale) {
  const document = step.document
    ? translate(locale, 'systems.document', {
        number: step.document.number,
        date: formatDate(new Date(`${step.document.date}T12:00:00Z`), locale),
        issuer: step.document.issuer,
      })
    : ''
  return {
    key: `${step.round}:${step.kind}`,
    round: step.round,
    what: translate(locale, `systems.step.${step.kind}`),
    level: step.securityLevel === null ? '' : String(step.securityLevel),
    detail: [document, step.reason ?? ''].filter((part) => part !== '').join(' · '),
    by: step.actorLabel,
    at: formatDateTime(step.at, locale),
  }
}

/** A registration as its pages show it, in the reader's language. */
export function registrationRow(view: RegistrationView, locale: Locale) {
  return {
    namespace: view.namespace,
    name: view.name,
    agency: agencyName(view.agency, locale),
    state: view.state,
    stateLabel: translate(locale, `systems.state.${view.state}`),
    levelReview: view.levelReview,
    levelReviewLabel: view.levelReview === null ? '' : translate(locale, `systems.levelReview.${view.levelReview}`),
    proposedLevel: view.proposal?.securityLevel ?? null,
    levelInForce: view.levelInForce,
    personalData: translate(locale, view.processesPersonalData ? 'systems.yes' : 'systems.no'),
    registeredAt: formatDateTime(view.createdAt, locale),
  }
}

/** Everything a review needs on one page. */
export function registrationDetail(view: RegistrationView, locale: Locale) {
  return {
    ...registrationRow(view, locale),
    purpose: view.purpose,
    ownerName: view.ownerName,
    contact: [view.contact.name, view.contact.email, view.contact.phone].filter((part) => part !== '').join(' · '),
    document: view.proposal === null ? '' : stepRow(view.proposal, locale).detail,
    version: view.version,
    // The officer's reason for reopening the level, while the agency has to answer it.
    reopenReason:
      view.levelReview === 'reopened' ? (view.history.findLast((step) => step.kind === 'reopened')?.reason ?? '') : '',
    history: view.history.map((step) => stepRow(step, locale)),
  }
}

/** A registration as its edit form is filled: the same fields the registration form posts. */
export function registrationValues(view: RegistrationView): Record<string, string> {
  return {
    name: view.name,
    purpose: view.purpose,
    securityLevel: String(view.proposal?.securityLevel ?? ''),
    documentNumber: view.proposal?.document?.number ?? '',
    documentDate: view.proposal?.document?.date ?? '',
    documentIssuer: view.proposal?.document?.issuer ?? '',
    processesPersonalData: view.processesPersonalData ? 'on' : '',
    ownerName: view.ownerName,
    contactName: view.contact.name,
    contactEmail: view.contact.email,
    contactPhone: view.contact.phone,
  }
}

/** The five levels of Decree 85/2016 as a form's choices. */
export const levelChoices = (locale: Locale) =>
  [1, 2, 3, 4, 5].map((level) => ({ value: String(level), label: translate(locale, 'systems.field.level', { level }) }))
