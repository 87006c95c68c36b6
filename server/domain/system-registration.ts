// Registering an information system and its security officer's review (issue 15, decision 0055).
// The agency proposes a security level under Decree 85/2016 with the document that approved it;
// a security officer confirms it, sets another with a reason, or returns it with a reason. Only a
// confirmed system may ask for quotas, and its confirmed level is Project.securityLevel, the one
// level every security check and sign-off rule reads. Pure: the store reads and writes.
import { validateContact, type Contact, type ContactInput } from './contact'
import { domainError, err, issue, ok, validation, type DomainError, type FieldIssue, type Result } from './errors'
import type { Validation } from './errors'
import { isLocalDate, type LocalDate } from './local-calendar'
import { validateName } from './names'
import { PROJECT_NAME_MAX, validateDescription, validateSecurityLevel, type SecurityLevel } from './project'
import { isReservedName } from './reserved-names'
import { namespaceName, slugify, uniqueSlug, validateSlug } from './slug'

export const REGISTRATION_STATES = ['pending', 'returned', 'confirmed'] as const
export type RegistrationState = (typeof REGISTRATION_STATES)[number]

/** The day Decree 85/2016/NĐ-CP took effect: no document approving a level under it is older. */
export const DECREE_85_IN_FORCE: LocalDate = '2016-07-01'
export const DOCUMENT_FIELD_MAX = 200
export const REVIEW_REASON_MAX = 2000

/** The document that approved the proposed level: its number (`123/QĐ-UBND`), date and issuer. */
export interface ApprovingDocument {
  readonly number: string
  readonly date: LocalDate
  readonly issuer: string
}

/** What a proposal is made of, as typed: the level and its document. */
export interface ProposalInput {
  readonly securityLevel: number | null
  readonly documentNumber: string
  readonly documentDate: string
  readonly documentIssuer: string
}

export interface Proposal {
  readonly securityLevel: SecurityLevel
  readonly document: ApprovingDocument
}

export interface RegistrationInput extends ProposalInput {
  readonly name: string
  readonly purpose: string
  readonly processesPersonalData: boolean
  readonly ownerName: string
  readonly contact: ContactInput
}

export interface RegistrationFields extends Proposal {
  readonly name: string
  readonly purpose: string
  readonly processesPersonalData: boolean
  readonly ownerName: string
  readonly contact: Contact
}

function documentText(raw: string, path: string, issues: FieldIssue[]): string {
  const checked = validateName(raw, { maxLength: DOCUMENT_FIELD_MAX })
  // A level without its document is refused at the document's field, not at the level's.
  if (!checked.ok)
    issues.push(
      issue(path, checked.error.code === 'name.required' ? domainError('system.document_required') : checked.error),
    )
  return checked.ok ? checked.value : ''
}

function documentDate(raw: string, today: LocalDate, issues: FieldIssue[]): LocalDate {
  const date = raw.trim()
  if (date === '') issues.push(issue('documentDate', domainError('system.document_required')))
  else if (!isLocalDate(date)) issues.push(issue('documentDate', domainError('input.invalid_date')))
  else if (date > today) issues.push(issue('documentDate', domainError('system.document_date_future', { date })))
  else if (date < DECREE_85_IN_FORCE)
    issues.push(issue('documentDate', domainError('system.document_date_before_decree', { date })))
  return date
}

/** The proposed level and its document; every missing part is refused at its own field at once. */
export function validateProposal(input: ProposalInput, today: LocalDate): Validation<Proposal> {
  const issues: FieldIssue[] = []
  const level = input.securityLevel === null ? err('system.level_required') : validateSecurityLevel(input.securityLevel)
  if (!level.ok) issues.push(issue('securityLevel', level.error))
  const number = documentText(input.documentNumber, 'documentNumber', issues)
  const date = documentDate(input.documentDate, today, issues)
  const issuer = documentText(input.documentIssuer, 'documentIssuer', issues)
  return validation(issues, () => ({
    securityLevel: level.ok ? level.value : 1,
    document: { number, date, issuer },
  }))
}

/** A whole registration; `today` is the local date (a document cannot be dated tomorrow). */
export function validateRegistration(input: RegistrationInput, today: LocalDate): Validation<RegistrationFields> {
  const issues: FieldIssue[] = []
  const name = validateName(input.name, { maxLength: PROJECT_NAME_MAX })
  if (!name.ok) issues.push(issue('name', name.error))
  else if (slugify(name.value) === '') issues.push(issue('name', domainError('slug.empty')))
  const purpose = validateDescription(input.purpose)
  if (!purpose.ok) issues.push(issue('purpose', purpose.error))
  else if (purpose.value === '') issues.push(issue('purpose', domainError('system.purpose_required')))
  const proposal = validateProposal(input, today)
  if (!proposal.ok) issues.push(...proposal.issues)
  const owner = validateName(input.ownerName, { maxLength: PROJECT_NAME_MAX })
  if (!owner.ok) issues.push(issue('ownerName', owner.error))
  const contact = validateContact(input.contact)
  if (!contact.ok) for (const found of contact.issues) issues.push(issue(`contact.${found.path}`, found.error))
  return validation(issues, () => ({
    name: name.ok ? name.value : '',
    purpose: purpose.ok ? purpose.value : '',
    processesPersonalData: input.processesPersonalData,
    ownerName: owner.ok ? owner.value : '',
    contact: contact.ok ? contact.value : { name: '', email: '', phone: '' },
    ...(proposal.ok ? proposal.value : { securityLevel: 1, document: { number: '', date: '', issuer: '' } }),
  }))
}

/** What the platform already uses: the agency's slugs and every namespace of every agency. */
export interface TakenNames {
  readonly agencySlugs: ReadonlySet<string>
  readonly namespaces: ReadonlySet<string>
}

/**
 * The slug and namespace of a new system: the name's slug, or with `-2`, `-3`… when it or its
 * namespace is taken (two names that differ only by their marks, or `so-tc` + `x-y` against
 * `so-tc-x` + `y`). A namespace the platform reserves is refused, never suffixed: `kube-*` stays
 * reserved whatever follows, and a suffix would only hide why the name cannot be had.
 */
export function deriveSystemNames(
  agencyCode: string,
  name: string,
  taken: TakenNames,
  reserved: readonly string[],
): Result<{ slug: string; namespace: string }> {
  const base = validateSlug(slugify(name))
  if (!base.ok) return base
  const first = namespaceName(agencyCode, base.value)
  if (isReservedName(first, reserved)) return err('project.namespace_reserved', { namespace: first })
  const clash = new Set(taken.agencySlugs)
  for (;;) {
    const slug = uniqueSlug(base.value, clash)
    const namespace = namespaceName(agencyCode, slug)
    if (!taken.namespaces.has(namespace) && !isReservedName(namespace, reserved)) return ok({ slug, namespace })
    clash.add(slug)
  }
}

/** What a security officer decides on a pending registration, as sent. */
export interface ReviewInput {
  readonly outcome: string
  readonly securityLevel?: number | null
  readonly reason?: string | null
}

export type ReviewDecision =
  | { readonly outcome: 'confirm' }
  | { readonly outcome: 'set_level'; readonly securityLevel: SecurityLevel; readonly reason: string }
  | { readonly outcome: 'return'; readonly reason: string }

/** A decision's reason (a return, another level, a reopening, a refusal): required, NFC, bounded. */
export function reviewReason(raw: string | null | undefined, issues: FieldIssue[]): string {
  const reason = (raw ?? '').normalize('NFC').trim()
  if (reason === '') issues.push(issue('reason', domainError('system.reason_required')))
  else if ([...reason].length > REVIEW_REASON_MAX)
    issues.push(issue('reason', domainError('system.reason_too_long', { max: REVIEW_REASON_MAX })))
  return reason
}

/** A review's decision against the level proposed: another level and a return say why. */
export function validateReview(input: ReviewInput, proposed: SecurityLevel): Validation<ReviewDecision> {
  const issues: FieldIssue[] = []
  if (input.outcome === 'confirm') return validation(issues, () => ({ outcome: 'confirm' as const }))
  if (input.outcome === 'return') {
    const reason = reviewReason(input.reason, issues)
    return validation(issues, () => ({ outcome: 'return' as const, reason }))
  }
  if (input.outcome !== 'set_level') {
    issues.push(issue('outcome', domainError('input.invalid_choice', { value: input.outcome })))
    return validation(issues, () => ({ outcome: 'confirm' as const }))
  }
  const level =
    input.securityLevel === null || input.securityLevel === undefined
      ? err('system.level_required')
      : validateSecurityLevel(input.securityLevel)
  if (!level.ok) issues.push(issue('securityLevel', level.error))
  else if (level.value === proposed)
    issues.push(issue('securityLevel', domainError('system.level_unchanged', { level: proposed })))
  const reason = reviewReason(input.reason, issues)
  return validation(issues, () => ({
    outcome: 'set_level' as const,
    securityLevel: level.ok ? level.value : 1,
    reason,
  }))
}

/**
 * Why this person may not review the registration now, or null. Only a pending one is reviewed,
 * and never by someone who proposed any of its rounds: a level confirmed by its own proponent is
 * not a review (decision 0029's rule for requests, applied to systems).
 */
export function reviewRefusal(
  registration: { readonly state: RegistrationState; readonly proponentIds: readonly string[] },
  reviewerId: string,
): DomainError | null {
  if (registration.state !== 'pending') return domainError('system.not_pending', { state: registration.state })
  if (registration.proponentIds.includes(reviewerId)) return domainError('system.reviewer_is_proponent')
  return null
}

/** What a decision makes of the system: its state, the level in force, the step recorded. */
export function reviewOutcome(
  decision: ReviewDecision,
  proposed: SecurityLevel,
): { state: RegistrationState; securityLevel: SecurityLevel | null; step: 'confirmed' | 'level_set' | 'returned' } {
  if (decision.outcome === 'confirm') return { state: 'confirmed', securityLevel: proposed, step: 'confirmed' }
  if (decision.outcome === 'set_level')
    return { state: 'confirmed', securityLevel: decision.securityLevel, step: 'level_set' }
  return { state: 'returned', securityLevel: null, step: 'returned' }
}

/** A returned registration is proposed again by the agency; nothing else is. */
export function resubmitRefusal(state: RegistrationState): DomainError | null {
  return state === 'returned' ? null : domainError('system.not_returned', { state })
}

/** Quotas only for a confirmed system: its level is then the one the sign-off rules may read. */
export function checkRegistrationConfirmed(project: { readonly registrationState: RegistrationState }): Result<true> {
  if (project.registrationState === 'confirmed') return ok(true)
  return err(project.registrationState === 'pending' ? 'system.registration_pending' : 'system.registration_returned')
}

/** The level in force: the confirmed one, or none while the registration is not confirmed. */
export function levelInForce(project: {
  readonly registrationState: RegistrationState
  readonly securityLevel: number
}): number | null {
  return project.registrationState === 'confirmed' ? project.securityLevel : null
}
