import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { syncAgencyGroups } from '#server/agencies/group-sync'
import { archiveAgency, createAgency, renameAgency, reparentAgency } from '#server/agencies/store'
import { createKeycloakAgencyGroups, type AgencyGroupDirectory } from '#server/identity/agency-groups'
import { createTestDatabase, type TestDatabase } from '../../helpers/database'
import { makeUser } from '../../helpers/fixtures'
import { realmAdmin, type RealmAdmin } from '../../helpers/keycloak-admin'
import { requireStackSetting } from '../../helpers/stack-env'

// The agencies' group sync against the real Keycloak of the local stack (decision 0052), in both
// directions: an agency made, renamed, moved and archived in the console reaches its group
// `/agencies/<code>` through the workflow worker's own client (the realm gives it manage-users);
// a group made by hand in Keycloak is reported, audited once, and adopted when the agency is made;
// an agency whose group Keycloak refuses to make is reported with Keycloak's answer. The realm is
// shared: every code here carries this run's suffix, and the groups are removed at the end.

const run = randomBytes(3).toString('hex')
const code = (name: string) => `t${run}-${name}`
const DONG_DANG = 'Ủy ban nhân dân xã Đồng Đăng'

let t: TestDatabase
let admin: RealmAdmin
let groups: AgencyGroupDirectory
let by: { actor: { id: string; label: string } }

const settings = (clientId: string, clientSecret: string) => ({
  issuer: requireStackSetting('OIDC_ISSUER'),
  clientId,
  clientSecret,
})

beforeAll(async () => {
  t = await createTestDatabase()
  admin = await realmAdmin()
  groups = await createKeycloakAgencyGroups(
    settings(
      requireStackSetting('KEYCLOAK_WORKFLOW_CLIENT_ID'),
      requireStackSetting('KEYCLOAK_WORKFLOW_CLIENT_SECRET'),
    ),
  )
  by = { actor: { id: await makeUser(t.db, 'Lý Văn Quang'), label: 'Lý Văn Quang' } }
})

afterAll(async () => {
  for (const group of await groups.list())
    if (group.name.startsWith(`t${run}-`)) await admin.request('DELETE', `/groups/${group.id}`)
  await t?.drop()
})

/** The group as Keycloak's administrator reads it; null when there is none. */
async function groupInKeycloak(name: string): Promise<{ id: string; attributes: Record<string, string[]> } | null> {
  const response = await admin.request('GET', `/group-by-path/agencies${name === '' ? '' : `/${name}`}`)
  if (response.status === 404) return null
  expect(response.status).toBe(200)
  return (await response.json()) as { id: string; attributes: Record<string, string[]> }
}

const actions = async (action: string, entityId: string) => t.db.auditEntry.count({ where: { action, entityId } })

describe('the console to Keycloak', () => {
  it('makes the group of a new agency with its Vietnamese name intact, then follows rename, move and archive', async () => {
    const parent = await createAgency(t.db, { code: code('tinh'), nameVi: 'UBND tỉnh', kind: 'people-committee' }, by)
    const made = await createAgency(
      t.db,
      { code: code('xa'), nameVi: DONG_DANG, kind: 'people-committee', parentCode: code('tinh') },
      by,
    )
    expect(parent.ok && made.ok).toBe(true)
    const first = await syncAgencyGroups(t.db, groups)
    expect(first.created).toBe(2)
    expect((await groupInKeycloak(code('xa')))?.attributes).toMatchObject({
      'name-vi': [DONG_DANG],
      kind: ['people-committee'],
      parent: [code('tinh')],
      status: ['active'],
    })
    expect(await actions('agency.group_create', code('xa'))).toBe(1)

    await renameAgency(t.db, code('xa'), { nameVi: 'UBND xã Đồng Đăng', nameEn: 'Đồng Đăng Commune' }, by)
    await reparentAgency(t.db, code('xa'), null, by)
    await archiveAgency(t.db, code('xa'), by)
    const second = await syncAgencyGroups(t.db, groups)
    expect(second).toMatchObject({ created: 0, updated: 1 })
    const group = await groupInKeycloak(code('xa'))
    expect(group?.attributes).toMatchObject({
      'name-vi': ['UBND xã Đồng Đăng'],
      'name-en': ['Đồng Đăng Commune'],
      status: ['archived'],
    })
    expect(group?.attributes['parent']).toBeUndefined()
    // Nothing left to do: a third pass writes nothing to Keycloak or the trail.
    const audit = await t.db.auditEntry.count()
    expect(await syncAgencyGroups(t.db, groups)).toMatchObject({ created: 0, updated: 0 })
    expect(await t.db.auditEntry.count()).toBe(audit)
  })
})

describe('Keycloak to the console', () => {
  it('reports a group made by hand (audited once) and adopts it when the agency is made', async () => {
    const name = code('tay')
    const root = await groupInKeycloak('')
    const handMade = await admin.request('POST', `/groups/${root!.id}/children`, {
      name,
      attributes: { 'name-vi': ['Sở Dân tộc và Tôn giáo'] },
    })
    expect(handMade.status).toBe(201)
    await syncAgencyGroups(t.db, groups)
    await syncAgencyGroups(t.db, groups)
    expect(
      await t.db.agencyGroupIssue.findUnique({ where: { kind_name: { kind: 'group_without_agency', name } } }),
    ).toMatchObject({ nameVi: 'Sở Dân tộc và Tôn giáo', resolvedAt: null })
    expect(await actions('agency.group_issue_open', name)).toBe(1)

    await createAgency(t.db, { code: name, nameVi: 'Sở Dân tộc và Tôn giáo', kind: 'department' }, by)
    const report = await syncAgencyGroups(t.db, groups)
    expect(report.created).toBe(0)
    const issue = await t.db.agencyGroupIssue.findUniqueOrThrow({
      where: { kind_name: { kind: 'group_without_agency', name } },
    })
    expect(issue.resolvedAt).not.toBeNull()
    expect(await actions('agency.group_issue_resolved', name)).toBe(1)
    expect((await groupInKeycloak(name))?.attributes).toMatchObject({ kind: ['department'], status: ['active'] })
  })

  it('reports an agency whose group Keycloak refuses to make, with its answer, until it is made', async () => {
    await createAgency(t.db, { code: code('bv'), nameVi: 'Bệnh viện Đa khoa', kind: 'hospital' }, by)
    // The automation client's service account has no right to write groups: Keycloak answers 403.
    const readOnly = await createKeycloakAgencyGroups(
      settings(
        requireStackSetting('KEYCLOAK_AUTOMATION_CLIENT_ID'),
        requireStackSetting('KEYCLOAK_AUTOMATION_CLIENT_SECRET'),
      ),
    )
    const refused = await syncAgencyGroups(t.db, { ...readOnly, list: () => groups.list() })
    expect(refused.agenciesWithoutGroup).toBe(1)
    const issue = await t.db.agencyGroupIssue.findUniqueOrThrow({
      where: { kind_name: { kind: 'agency_without_group', name: code('bv') } },
    })
    expect(issue.detail).toContain('403')
    expect(await groupInKeycloak(code('bv'))).toBeNull()

    expect(await syncAgencyGroups(t.db, groups)).toMatchObject({ created: 1, agenciesWithoutGroup: 0 })
    expect(await actions('agency.group_issue_resolved', code('bv'))).toBe(1)
  })
})
