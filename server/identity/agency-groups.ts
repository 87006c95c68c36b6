import { z } from 'zod'
import type { AgencyGroup, GroupAttributes } from '../domain/agency-groups'
import { connectKeycloakAdmin, DirectoryError, type DirectorySettings, type KeycloakAdmin } from './keycloak-admin'
import { AGENCY_GROUP_PREFIX } from './principal'

// The realm's `/agencies/<code>` groups, read and written through Keycloak's admin API for the
// agencies' group sync (decision 0052). Nothing here decides what a group should say
// (server/domain/agency-groups.ts does); nothing here deletes a group.

export interface AgencyGroupDirectory {
  /** Every group directly below `/agencies` (none when that group does not exist yet). */
  list(): Promise<AgencyGroup[]>
  /** Makes `/agencies/<code>` (and `/agencies` first when missing); its id. */
  create(code: string, attributes: GroupAttributes): Promise<string>
  /** Writes a group's whole attribute map; its name (the code) stays. */
  update(groupId: string, code: string, attributes: GroupAttributes): Promise<void>
}

/** `/agencies/` → `agencies`: the parent group of every agency's group. */
const ROOT = AGENCY_GROUP_PREFIX.replace(/^\/|\/$/g, '')

const Group = z.object({
  id: z.string().min(1),
  name: z.string(),
  attributes: z.record(z.string(), z.array(z.string())).optional(),
})

async function failed(response: Response, what: string): Promise<never> {
  const text = (await response.text()).slice(0, 300)
  throw new DirectoryError(`Keycloak answered ${response.status} ${what}: ${text}`, response.status)
}

const idFromLocation = (response: Response): string => {
  const id = response.headers.get('location')?.split('/').pop()
  if (!id) throw new DirectoryError('Keycloak made a group but gave no Location')
  return id
}

export function keycloakAgencyGroups(admin: KeycloakAdmin, pageSize = 100): AgencyGroupDirectory {
  const root = async (make: boolean): Promise<string | null> => {
    const found = await admin.request('GET', `/group-by-path/${ROOT}`)
    if (found.ok) return Group.parse(await found.json()).id
    if (found.status !== 404) return failed(found, `reading /${ROOT}`)
    if (!make) return null
    const made = await admin.request('POST', '/groups', { name: ROOT })
    if (made.status !== 201) return failed(made, `making /${ROOT}`)
    return idFromLocation(made)
  }

  return {
    async list() {
      const rootId = await root(false)
      if (rootId === null) return []
      const groups: AgencyGroup[] = []
      for (let first = 0; ; first += pageSize) {
        const path = `/groups/${rootId}/children?first=${first}&max=${pageSize}&briefRepresentation=false`
        const response = await admin.request('GET', path)
        if (!response.ok) return failed(response, `listing /${ROOT}'s groups`)
        const page = z.array(Group).parse(await response.json())
        for (const group of page) groups.push({ id: group.id, name: group.name, attributes: group.attributes ?? {} })
        if (page.length < pageSize) return groups
      }
    },
    async create(code, attributes) {
      const rootId = await root(true)
      const response = await admin.request('POST', `/groups/${rootId}/children`, { name: code, attributes })
      if (response.status !== 201) return failed(response, `making ${AGENCY_GROUP_PREFIX}${code}`)
      return idFromLocation(response)
    },
    async update(groupId, code, attributes) {
      const response = await admin.request('PUT', `/groups/${encodeURIComponent(groupId)}`, { name: code, attributes })
      if (!response.ok) await failed(response, `writing ${AGENCY_GROUP_PREFIX}${code}`)
    },
  }
}

export async function createKeycloakAgencyGroups(settings: DirectorySettings): Promise<AgencyGroupDirectory> {
  return keycloakAgencyGroups(await connectKeycloakAdmin(settings), settings.pageSize)
}
