// Agencies (a department, a commune People's Committee, a hospital…) and their hierarchy. The
// hierarchy is data: the province reorganises (district level was abolished in 2025), so nothing
// here knows about particular levels, only about parents, cycles and mergers.
import { err, issue, ok, validation, type FieldIssue, type Result, type Validation } from './errors'
import { validateName, validateOptionalName } from './names'

/** `archived`: the agency no longer exists as such; its history stays and it can request nothing. */
export type AgencyStatus = 'active' | 'merged' | 'archived'

/** What sort of body it is; labels in the catalogue (`agencyKind.*`). */
export const AGENCY_KINDS = ['department', 'people-committee', 'hospital', 'data-centre-operator', 'other'] as const
export type AgencyKind = (typeof AGENCY_KINDS)[number]

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
  readonly kind: string
  readonly parentId?: string | null
}

export interface AgencyFields {
  readonly code: string
  readonly nameVi: string
  /** '' when the agency has no official English name (many communes do not). */
  readonly nameEn: string
  readonly kind: AgencyKind
  readonly parentId: string | null
}

export const AGENCY_NAME_MAX = 200
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
  if (parent.status === 'archived') return err('agency.parent_archived', { code: parent.code })
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
  const names = agencyNameIssues(input)
  issues.push(...names.issues)
  const kind = validateAgencyKind(input.kind)
  if (!kind.ok) issues.push(issue('kind', kind.error))
  const parentId = input.parentId === undefined || input.parentId === '' ? null : input.parentId
  if (parentId !== null) {
    const parent = checkParent(context.agencies, context.selfId, parentId)
    if (!parent.ok) issues.push(issue('parentId', parent.error))
  }
  return validation(issues, () => ({
    code: code.ok ? code.value : '',
    ...names.value,
    kind: kind.ok ? kind.value : 'other',
    parentId,
  }))
}

export function validateAgencyKind(raw: string): Result<AgencyKind> {
  const kind = AGENCY_KINDS.find((known) => known === raw.trim())
  return kind === undefined ? err('agency.kind_unknown', { kind: raw.trim().slice(0, 40) }) : ok(kind)
}

export interface AgencyNames {
  readonly nameVi: string
  /** '' when there is no English name. */
  readonly nameEn: string
}

function agencyNameIssues(input: { readonly nameVi: string; readonly nameEn?: string | null }) {
  const issues: FieldIssue[] = []
  const nameVi = validateName(input.nameVi, { maxLength: AGENCY_NAME_MAX })
  if (!nameVi.ok) issues.push(issue('nameVi', nameVi.error))
  const nameEn = validateOptionalName(input.nameEn, { maxLength: AGENCY_NAME_MAX })
  if (!nameEn.ok) issues.push(issue('nameEn', nameEn.error))
  return { issues, value: { nameVi: nameVi.ok ? nameVi.value : '', nameEn: nameEn.ok ? nameEn.value : '' } }
}

/** A rename: new names only. The code is never renamed: namespaces, groups and buckets carry it. */
export function validateAgencyNames(input: { readonly nameVi: string; readonly nameEn?: string | null }) {
  const names = agencyNameIssues(input)
  return validation<AgencyNames>(names.issues, () => names.value)
}

/** Only an active agency is edited, re-parented or archived; a merged or archived one is history. */
function activeAgency(agencies: readonly Agency[], agencyId: string): Result<Agency> {
  const agency = agencies.find((candidate) => candidate.id === agencyId)
  if (agency === undefined) return err('agency.not_found', { id: agencyId })
  if (agency.status !== 'active') return err('agency.not_active', { code: agency.code })
  return ok(agency)
}

/**
 * Whether `agencyId` may move under `parentId` (null: to the top). The whole tree is passed, so a
 * crafted parent that sits below the agency is refused as a cycle whatever form or API sent it.
 */
export function checkReparent(
  agencies: readonly Agency[],
  agencyId: string,
  parentId: string | null,
): Result<string | null> {
  const agency = activeAgency(agencies, agencyId)
  if (!agency.ok) return agency
  if (parentId === null) return ok(null)
  return checkParent(agencies, agencyId, parentId)
}

/** An active agency with no active agency below it (those must move or be archived first). */
export function checkArchive(agencies: readonly Agency[], agencyId: string): Result<Agency> {
  const agency = activeAgency(agencies, agencyId)
  if (!agency.ok) return agency
  const children = agencies.filter((child) => child.parentId === agencyId && child.status === 'active')
  if (children.length > 0) {
    return err('agency.archive_has_children', { code: agency.value.code, count: children.length })
  }
  return agency
}

/** Quotas are requested for active agencies only: a merged or archived one keeps its history. */
export function checkMayRequest(agency: Pick<Agency, 'code' | 'status'>): Result<true> {
  if (agency.status === 'archived') return err('agency.archived', { code: agency.code })
  if (agency.status === 'merged') return err('agency.merged', { code: agency.code })
  return ok(true)
}
