// What Keycloak's groups should say about the agencies (decision 0052). The console's agencies are
// the source of truth; each has one group `/agencies/<code>` in the realm, whose members are its
// staff (sign-in reads the path, server/identity/principal.ts). The group's name is the code and
// never changes; its attributes carry the rest, so a realm administrator reading Keycloak sees the
// same names, kind, parent and status as the console. This plans the difference; the sync job in
// server/agencies applies it. Groups are never deleted here: their members are people's access.
import type { AgencyStatus } from './agency'

/** The attributes the console writes on a group; any other attribute (`province`…) is left as is. */
export const AGENCY_GROUP_KEYS = ['name-vi', 'name-en', 'kind', 'parent', 'status'] as const

export type GroupAttributes = Readonly<Record<string, readonly string[]>>

export interface AgencyForGroup {
  readonly code: string
  readonly nameVi: string
  readonly nameEn: string
  readonly kind: string
  readonly parentCode: string | null
  readonly status: AgencyStatus
}

export interface AgencyGroup {
  readonly id: string
  readonly name: string
  readonly attributes: GroupAttributes
}

export interface GroupPlan {
  /** Agencies with no group yet: the group to make, by code. */
  readonly create: readonly { readonly code: string; readonly attributes: GroupAttributes }[]
  /** Groups whose attributes say something else than their agency: the whole attribute map to write. */
  readonly update: readonly {
    readonly groupId: string
    readonly code: string
    readonly before: GroupAttributes
    readonly attributes: GroupAttributes
  }[]
  /** Groups under `/agencies` that no agency has: reported, never deleted or turned into agencies. */
  readonly orphans: readonly { readonly groupId: string; readonly name: string; readonly nameVi: string }[]
}

/** The console's own attributes for an agency's group (an empty English name is left out). */
export function groupAttributesOf(agency: AgencyForGroup): GroupAttributes {
  const attributes: Record<string, string[]> = {
    'name-vi': [agency.nameVi],
    kind: [agency.kind],
    status: [agency.status],
  }
  if (agency.nameEn !== '') attributes['name-en'] = [agency.nameEn]
  if (agency.parentCode !== null) attributes['parent'] = [agency.parentCode]
  return attributes
}

const sameValues = (a: readonly string[] | undefined, b: readonly string[] | undefined): boolean =>
  (a ?? []).length === (b ?? []).length && (a ?? []).every((value, i) => value.normalize('NFC') === b?.[i])

/** The group's attributes with the console's keys replaced by `wanted` and the others kept. */
function merged(current: GroupAttributes, wanted: GroupAttributes): GroupAttributes {
  const result: Record<string, readonly string[]> = {}
  for (const [key, values] of Object.entries(current)) {
    if (!(AGENCY_GROUP_KEYS as readonly string[]).includes(key)) result[key] = values
  }
  return { ...result, ...wanted }
}

export function planAgencyGroups(agencies: readonly AgencyForGroup[], groups: readonly AgencyGroup[]): GroupPlan {
  const groupByName = new Map(groups.map((group) => [group.name, group]))
  const codes = new Set(agencies.map((agency) => agency.code))
  const create: GroupPlan['create'][number][] = []
  const update: GroupPlan['update'][number][] = []
  for (const agency of agencies) {
    const wanted = groupAttributesOf(agency)
    const group = groupByName.get(agency.code)
    if (group === undefined) {
      create.push({ code: agency.code, attributes: wanted })
      continue
    }
    const differs = AGENCY_GROUP_KEYS.some((key) => !sameValues(group.attributes[key], wanted[key]))
    if (differs) {
      update.push({
        groupId: group.id,
        code: agency.code,
        before: group.attributes,
        attributes: merged(group.attributes, wanted),
      })
    }
  }
  const orphans = groups
    .filter((group) => !codes.has(group.name))
    .map((group) => ({ groupId: group.id, name: group.name, nameVi: group.attributes['name-vi']?.[0] ?? '' }))
  return { create, update, orphans }
}
