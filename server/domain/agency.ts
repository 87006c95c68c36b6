// Agencies (a department, a commune People's Committee, a hospital…) and their hierarchy. The
// hierarchy is data: the province reorganises (district level was abolished in 2025), so nothing
// here knows about particular levels, only about parents, cycles and mergers.
import { err, issue, ok, validation, type FieldIssue, type Result, type Validation } from './errors'
import { validateName, validateOptionalName } from './names'

export type AgencyStatus = 'active' | 'merged'

export interface Agency {
  readonly id: string
  readonly code: string
  readonly nameVi: string
  readonly nameEn: string
  readonly parentId: string | null
  readonly status: AgencyStatus
  /** Set exactly when status is `merged`: where its projects went. */
  readonly mergedIntoId: string | null
}

export interface AgencyInput {
  readonly code: string
  readonly nameVi: string
  readonly nameEn?: string | null
  readonly parentId?: string | null
}

export interface AgencyFields {
  readonly code: string
  readonly nameVi: string
  /** '' when the agency has no official English name (many communes do not). */
  readonly nameEn: string
  readonly parentId: string | null
}

export const AGENCY_CODE_MIN = 2
export const AGENCY_CODE_MAX = 40
const AGENCY_CODE = /^[a-z0-9]+(-[a-z0-9]+)*$/

/**
 * The code prefixes every namespace of the agency, so it is a DNS label fragment: lowercase
 * ASCII letters, digits and single hyphens. Typed capitals are lowered rather than refused.
 */
export function validateAgencyCode(raw: string): Result<string> {
  const code = raw.trim().toLowerCase()
  if (code.length < AGENCY_CODE_MIN || code.length > AGENCY_CODE_MAX) {
    return err('agency.code_length', { min: AGENCY_CODE_MIN, max: AGENCY_CODE_MAX, length: code.length })
  }
  if (!AGENCY_CODE.test(code)) return err('agency.code_invalid', { code })
  return ok(code)
}

/** Parents of an agency, nearest first. Stops at a repeated id so bad data cannot loop. */
export function ancestorIds(agencies: readonly Agency[], id: string): readonly string[] {
  const byId = new Map(agencies.map((agency) => [agency.id, agency]))
  const seen = new Set<string>([id])
  const chain: string[] = []
  let parent = byId.get(id)?.parentId ?? null
  while (parent !== null && !seen.has(parent)) {
    chain.push(parent)
    seen.add(parent)
    parent = byId.get(parent)?.parentId ?? null
  }
  return chain
}

/** Every agency below the given one, at any depth. */
export function descendantIds(agencies: readonly Agency[], id: string): ReadonlySet<string> {
  const found = new Set<string>()
  const queue = [id]
  while (queue.length > 0) {
    const current = queue.shift()
    for (const agency of agencies) {
      if (agency.parentId === current && agency.id !== id && !found.has(agency.id)) {
        found.add(agency.id)
        queue.push(agency.id)
      }
    }
  }
  return found
}

/**
 * Whether `parentId` may become the parent of `agencyId` (null for a new agency): it must exist,
 * be active, and not be the agency itself or one of its descendants (that would make a cycle).
 */
export function checkParent(agencies: readonly Agency[], agencyId: string | null, parentId: string): Result<string> {
  const parent = agencies.find((agency) => agency.id === parentId)
  if (parent === undefined) return err('agency.not_found', { id: parentId })
  if (parent.status === 'merged') return err('agency.parent_merged', { code: parent.code })
  if (agencyId !== null) {
    if (parentId === agencyId) return err('agency.parent_is_self', {})
    if (descendantIds(agencies, agencyId).has(parentId)) {
      return err('agency.parent_cycle', { code: parent.code })
    }
  }
  return ok(parentId)
}

/** A stored agency is consistent: merged exactly when it names what it merged into. */
export function checkAgencyStatus(agency: Agency): Result<Agency> {
  if (agency.status === 'merged' && agency.mergedIntoId === null) {
    return err('agency.merged_without_target', { code: agency.code })
  }
  return ok(agency)
}

/**
 * Validates the fields of a new or edited agency. `agencies` (all of them) and `selfId` (null
 * when creating) let it check the parent; codes are unique in the database, not here.
 */
export function validateAgencyInput(
  input: AgencyInput,
  context: { readonly agencies: readonly Agency[]; readonly selfId: string | null },
): Validation<AgencyFields> {
  const issues: FieldIssue[] = []
  const code = validateAgencyCode(input.code)
  if (!code.ok) issues.push(issue('code', code.error))
  const nameVi = validateName(input.nameVi, { maxLength: 200 })
  if (!nameVi.ok) issues.push(issue('nameVi', nameVi.error))
  const nameEn = validateOptionalName(input.nameEn, { maxLength: 200 })
  if (!nameEn.ok) issues.push(issue('nameEn', nameEn.error))
  const parentId = input.parentId === undefined || input.parentId === '' ? null : input.parentId
  if (parentId !== null) {
    const parent = checkParent(context.agencies, context.selfId, parentId)
    if (!parent.ok) issues.push(issue('parentId', parent.error))
  }
  return validation(issues, () => ({
    code: code.ok ? code.value : '',
    nameVi: nameVi.ok ? nameVi.value : '',
    nameEn: nameEn.ok ? nameEn.value : '',
    parentId,
  }))
}
