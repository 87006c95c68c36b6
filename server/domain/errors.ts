// Errors of the domain core. One convention everywhere: functions that can refuse their input
// return a Result; they never throw for bad input. A DomainError carries a stable code and plain
// params and no language: `server/i18n/messages/domain.ts` turns it into Vietnamese or English.
//
// Why a Result and not exceptions: the same refusal has to reach a form (field errors), the REST
// API (problem+json) and the audit log (refused attempts), and a value in the return type cannot
// be forgotten by the caller the way an exception can.

/** Every code the domain can return. The message catalogue must cover exactly this list. */
export const DOMAIN_ERROR_CODES = [
  // Generic input shape (mostly from the zod schemas at the boundary).
  'input.required',
  'input.not_text',
  'input.not_integer',
  'input.not_list',
  'input.not_object',
  'input.invalid_choice',
  'input.invalid_date',
  'input.unsafe_number',

  // Quantities and amounts.
  'quantity.empty',
  'quantity.malformed',
  'quantity.negative',
  'quantity.cpu_sub_millicore',
  'quantity.bytes_fractional',
  'quantity.count_fractional',
  'quantity.overflow',
  'quantity.human_malformed',
  'quantity.unit_missing',
  'quantity.unit_unknown',
  'amount.below_zero',
  'amount.overflow',
  'ratio.invalid',

  // Resources and storage classes.
  'resource.unknown',
  'resource.storage_class_unknown',
  'resource.gpu_unavailable',

  // Names, slugs, contacts.
  'name.required',
  'name.too_long',
  'name.invalid_characters',
  'slug.empty',
  'slug.invalid',
  'slug.too_long',
  'contact.name_required',
  'contact.email_invalid',
  'contact.phone_invalid',

  // Agencies and their mergers.
  'agency.code_invalid',
  'agency.code_length',
  'agency.not_found',
  'agency.parent_is_self',
  'agency.parent_cycle',
  'agency.parent_merged',
  'agency.merged_without_target',
  'agency.merge_into_self',
  'agency.merge_from_merged',
  'agency.merge_into_merged',
  'agency.merge_into_descendant',
  'agency.merge_into_archived',
  'agency.merge_pending',
  'agency.merge_none',
  'agency.merge_refused',
  'agency.merge_preview_stale',
  'agency.merge_applied',
  'agency.merge_date_closed',
  'agency.merge_date_too_far',
  'agency.kind_unknown',
  'agency.parent_archived',
  'agency.not_active',
  'agency.archive_has_children',
  'agency.archived',
  'agency.merged',
  'agency.code_taken',

  // Projects.
  'project.security_level_invalid',
  'project.description_too_long',
  'project.namespace_reserved',

  // Registering information systems and their review (decision 0055).
  'system.level_required',
  'system.document_required',
  'system.document_date_future',
  'system.document_date_before_decree',
  'system.purpose_required',
  'system.name_taken',
  'system.reason_required',
  'system.reason_too_long',
  'system.level_unchanged',
  'system.not_pending',
  'system.not_returned',
  'system.reviewer_is_proponent',
  'system.registration_pending',
  'system.registration_returned',
  'system.not_found',
  // Editing a registration and re-reviewing a confirmed level (decision 0084).
  'system.not_editable',
  'system.changed_meanwhile',
  'system.not_confirmed',
  'system.level_review_open',
  'system.no_level_review',
  'system.level_change_not_proposed',
  'system.level_same_as_in_force',

  // Closing (decommissioning) an information system (decision 0058).
  'closure.reason_required',
  'closure.reason_too_long',
  'closure.already_open',
  'closure.not_submitted',
  'closure.note_required',
  'closure.not_found',
  'closure.system_closing',
  'closure.already_decided',

  // Quota requests (content).
  'request.kind_invalid',
  'request.duplicate_line',
  'request.no_amount',
  'request.justification_required',
  'request.justification_too_long',
  'request.end_date_not_future',
  'request.end_date_not_allowed',
  'request.end_date_after_allocation',
  'request.backup_settings_required',
  'request.retention_out_of_range',
  'request.schedule_invalid',
  'request.schedule_too_frequent',
  'request.time_invalid',
  'request.no_active_allocation',
  'request.allocation_exists',
  'request.decrease_exceeds_allocation',
  'request.version_invalid',

  // Quota requests (the state machine).
  'request.stale',
  'request.transition_not_allowed',
  'request.role_not_allowed',
  'request.reason_required',
  'request.reason_too_long',
  'request.requester_cannot_decide',
  'request.submitter_cannot_decide',
  'request.editor_cannot_decide',
  'request.own_agency_cannot_decide',
  'request.duplicate_approval',
  'request.security_officer_cannot_approve',
  'request.signer_cannot_approve',
  'request.approver_cannot_sign_off',
  'request.security_review_not_required',
  'request.already_signed_off',
  'request.decided_lines_mismatch',
  'request.decided_exceeds_requested',
  'request.decided_all_zero',
  'request.end_date_passed',
  'request.not_yet_expired',
  'request.decrease_not_revocable',
  'request.auto_approval_not_allowed',
  'request.auto_approval_needs_two_operators',

  // The auto-approval rule for increases: why an increase waits for the operators.
  'auto_approval.nothing_to_add',
  'auto_approval.no_step',
  'auto_approval.above_step',
  'auto_approval.use_unknown',
  'auto_approval.use_stale',
  'auto_approval.use_low',
  'auto_approval.pool_full',
  'request.content_missing',

  // Prices, the rate card and the footprint coefficients (decision 0048).
  'decimal.empty',
  'decimal.malformed',
  'decimal.negative',
  'decimal.too_precise',
  'decimal.overflow',
  'dated.not_future',
  'dated.date_taken',
  'rate_card.duplicate_price',
  'rate_card.price_missing',
  'rate_card.none_in_force',
  'rate_card.resource_unpriced',
  'footprint.none_in_force',
  'footprint.medium_missing',
  'footprint.replicas_out_of_range',
  'footprint.min_above_max',
  'footprint.utilisation_above_one',
  'footprint.pue_below_one',
  'statement.basis_not_summed',

  // The platform's policies edited in the console (decision 0049).
  'policy.threshold_out_of_range',
  'policy.window_out_of_range',
  'policy.usage_percent_out_of_range',
  'policy.grace_out_of_range',
  'policy.too_many_reserved_names',
  'policy.reserved_name_invalid',
  'policy.reserved_name_required',
  'policy.reserved_name_twice',
  'policy.reason_too_long',

  // Agencies' yearly budgets (decision 0050).
  'budget.year_past',
  'budget.year_too_far',
  'budget.amount_zero',
  'budget.amount_absurd',
  'budget.stale',
  'budget.agency_merged',
  'budget.agency_archived',

  // Restores of a project's backups (decision 0053).
  'restore.backup_not_found',
  'restore.backup_not_completed',
  'restore.other_namespace',
  'restore.not_found',
  'restore.no_backups',
  'restore.bucket_exists',
  'restore.bucket_not_found',
  'restore.no_bucket_room',
  'restore.label_invalid',

  // Capacity.
  'capacity.insufficient',
  'capacity.decrease_below_zero',

  // Capacity pools as operators define them (decision 0054).
  'pool.resource_wrong_kind',
  'pool.resource_twice',
  'pool.resource_in_use',
  'pool.resource_taken',
  'pool.no_resources',
  'pool.below_allocation',
  'pool.overcommit_invalid',
  'pool.code_invalid',
  'pool.code_taken',
  'pool.not_found',
  'pool.stale',
  'pool.reading_unknown',
] as const

export type DomainErrorCode = (typeof DOMAIN_ERROR_CODES)[number]

/** Params are interpolated into messages; bigint amounts travel as decimal strings. */
export type DomainErrorParams = Readonly<Record<string, string | number>>

export interface DomainError {
  readonly code: DomainErrorCode
  readonly params: DomainErrorParams
}

export type Ok<T> = { readonly ok: true; readonly value: T }
export type Err = { readonly ok: false; readonly error: DomainError }
export type Result<T> = Ok<T> | Err

/** Where in an input an error belongs: a dotted path such as `lines.2.amount` (empty = whole). */
export interface FieldIssue {
  readonly path: string
  readonly error: DomainError
}

/**
 * A validation that reports every problem at once (forms show them all), while staying a
 * Result: `error` is the first issue, so code that only needs one message can ignore `issues`.
 */
export type Validation<T> =
  Ok<T> | { readonly ok: false; readonly error: DomainError; readonly issues: readonly FieldIssue[] }

export function ok<T>(value: T): Ok<T> {
  return { ok: true, value }
}

export function domainError(code: DomainErrorCode, params: DomainErrorParams = {}): DomainError {
  return { code, params }
}

export function err(code: DomainErrorCode, params: DomainErrorParams = {}): Err {
  return { ok: false, error: domainError(code, params) }
}

export function issue(path: string, error: DomainError): FieldIssue {
  return { path, error }
}

/** Turns collected issues into a Validation: ok with the value when there are none. */
export function validation<T>(issues: readonly FieldIssue[], value: () => T): Validation<T> {
  const first = issues[0]
  if (first === undefined) return ok(value())
  return { ok: false, error: first.error, issues }
}

export function isDomainErrorCode(value: unknown): value is DomainErrorCode {
  return typeof value === 'string' && (DOMAIN_ERROR_CODES as readonly string[]).includes(value)
}
