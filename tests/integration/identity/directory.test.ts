import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_APPROVAL_POLICY } from '#server/domain/security-policy'
import { createKeycloakDirectory, DirectoryError, type Directory } from '#server/identity/directory'
import { syncDirectoryRoles } from '#server/identity/directory-sync'
import { ofAgency } from '#server/identity/authorise'
import { peopleWhoMay } from '#server/identity/people-who-may'
import { usersWithRole } from '#server/notifications/record'
import { actOnRequest } from '#server/workflow/act-on-request'
import { askToClose } from '#server/workflow/project-closure'
import { staff } from '../../helpers/actors'
import { createTestDatabase, type TestDatabase } from '../../helpers/database'
import { makeAgency, makeDraft, makePools, makeProject, makeUser } from '../../helpers/fixtures'
import { like } from '../../helpers/matchers'
import { realmAdmin, type RealmAdmin } from '../../helpers/keycloak-admin'
import { requireStackSetting } from '../../helpers/stack-env'

// The directory sync against the real Keycloak and its realm: the workflow worker's own client
// reads who holds the operator and security-officer roles, so people who never signed in are
// told of the requests they must act on, and someone whose role is taken away stops being told;
// and the agencies their groups name, so an operator who never signed in is judged by their agency
// as at sign-in (decision 0086). The temporary people below are made and removed through
// Keycloak's admin API as its admin, in the realm's existing agency groups.

const issuer = () => requireStackSetting('OIDC_ISSUER')
let t: TestDatabase
let directory: Directory
let admin: RealmAdmin
let temporary: { id: string; username: string } | null = null

const asAdmin = (method: string, path: string, body?: unknown): Promise<Response> => admin.request(method, path, body)

/** A person made in the realm through its admin API, holding the realm role, in the groups; their id. */
async function account(
  username: string,
  firstName: string,
  lastName: string,
  realmRole = 'security-officer',
  groups: readonly string[] = [],
): Promise<string> {
  const created = await asAdmin('POST', '/users', {
    username,
    enabled: true,
    firstName,
    lastName,
    email: `${username}@langson.gov.vn`,
  })
  expect(created.status).toBe(201)
  temporary = { id: created.headers.get('location')!.split('/').pop()!, username }
  // Keycloak's representation of the role, handed back as it came.
  const role: unknown = await (await asAdmin('GET', `/roles/${realmRole}`)).json()
  expect((await asAdmin('POST', `/users/${temporary.id}/role-mappings/realm`, [role])).status).toBe(204)
  for (const path of groups)
    expect((await asAdmin('PUT', `/users/${temporary.id}/groups/${await groupId(path)}`)).status).toBe(204)
  return temporary.id
}

const securityOfficerAccount = (username: string, firstName: string, lastName: string) =>
  account(username, firstName, lastName)

/** The id of one of the realm's groups, by its path. */
async function groupId(path: string): Promise<string> {
  const found = await asAdmin('GET', `/group-by-path${path}`)
  expect(found.status).toBe(200)
  return ((await found.json()) as { id: string }).id
}

beforeAll(async () => {
  t = await createTestDatabase()
  directory = await createKeycloakDirectory({
    issuer: issuer(),
    clientId: requireStackSetting('KEYCLOAK_WORKFLOW_CLIENT_ID'),
    clientSecret: requireStackSetting('KEYCLOAK_WORKFLOW_CLIENT_SECRET'),
    pageSize: 1,
  })
  admin = await realmAdmin()
})

afterAll(async () => {
  if (temporary) await asAdmin('DELETE', `/users/${temporary.id}`)
  await t?.drop()
})

const names = async (role: 'dc_operator' | 'security_officer') => {
  const ids = await usersWithRole(t.db, role)
  return (await t.db.user.findMany({ where: { id: { in: ids } }, select: { username: true } }))
    .map((u) => u.username)
    .sort()
}

describe('the directory sync', () => {
  it("reads the realm's operators and security officers page by page, with their Vietnamese names", async () => {
    const operators = await directory.membersOf('dc_operator')
    expect(operators.map((m) => m.username).sort()).toEqual(['duc.dang', 'tuan.be'])
    expect(operators.find((m) => m.username === 'duc.dang')).toMatchObject({
      displayName: 'Đặng Minh Đức',
      email: like.stringContaining('@'),
    })
    expect((await directory.membersOf('security_officer')).map((m) => m.username)).toEqual(['huong.pham'])
  })

  it('makes people who never signed in known holders of their roles, and tells them of a submission', async () => {
    expect(await t.db.session.count()).toBe(0)
    expect(await names('dc_operator')).toEqual([])

    const report = await syncDirectoryRoles(t.db, directory)
    expect(report).toEqual({
      dc_operator: { members: 2, added: 2, removed: 0 },
      security_officer: { members: 1, added: 1, removed: 0 },
      // All three are in the data centre's group, /agencies/ttcns.
      agencies: { members: 3, added: 3, removed: 0 },
    })
    expect(await names('dc_operator')).toEqual(['duc.dang', 'tuan.be'])
    expect(await names('security_officer')).toEqual(['huong.pham'])
    const duc = await t.db.user.findUniqueOrThrow({ where: { username: 'duc.dang' } })
    expect(duc.displayName).toBe('Đặng Minh Đức')
    expect(duc.subject).not.toMatch(/^seed:/)

    // A level-3 project: its submission goes to the operators and the security officer.
    await makePools(t.db, { cpu: 100_000n })
    const agencyId = await makeAgency(t.db, 'Sở Tài chính')
    const projectId = await makeProject(t.db, agencyId, { securityLevel: 3 })
    const requesterId = await makeUser(t.db, 'Hoàng Thị Lan')
    const draft = await makeDraft(t.db, { projectId, agencyId, requesterId, lines: { cpu: 2_000n } })
    const submitted = await actOnRequest(t.db, {
      requestId: draft,
      action: 'submit',
      actor: staff(requesterId, 'Hoàng Thị Lan'),
      expectedVersion: 1,
      policy: DEFAULT_APPROVAL_POLICY,
    })
    expect(submitted).toMatchObject({ ok: true })
    const told = await t.db.notification.findMany({
      where: { requestId: draft },
      select: { recipient: { select: { username: true } } },
    })
    expect(told.map((n) => n.recipient.username).sort()).toEqual(['duc.dang', 'huong.pham', 'tuan.be'])

    // Nothing changed in Keycloak: a second sync changes nothing.
    const users = await t.db.user.count()
    expect(await syncDirectoryRoles(t.db, directory)).toEqual({
      dc_operator: { members: 2, added: 0, removed: 0 },
      security_officer: { members: 1, added: 0, removed: 0 },
      agencies: { members: 3, added: 0, removed: 0 },
    })
    expect(await t.db.user.count()).toBe(users)
  })

  it('follows a role given, a person disabled and a person removed in Keycloak', async () => {
    const username = `tam.${randomBytes(4).toString('hex')}`
    const id = await securityOfficerAccount(username, 'Thị Thanh', 'Nông')

    expect((await syncDirectoryRoles(t.db, directory)).security_officer).toMatchObject({ added: 1, removed: 0 })
    expect(await names('security_officer')).toContain(username)
    expect(await t.db.user.findUniqueOrThrow({ where: { username } })).toMatchObject({
      displayName: 'Nông Thị Thanh',
      subject: id,
    })

    expect((await asAdmin('PUT', `/users/${id}`, { enabled: false })).status).toBe(204)
    expect((await syncDirectoryRoles(t.db, directory)).security_officer).toMatchObject({ added: 0, removed: 1 })
    expect(await names('security_officer')).not.toContain(username)

    expect((await asAdmin('DELETE', `/users/${id}`)).status).toBe(204)
    temporary = null
    expect((await syncDirectoryRoles(t.db, directory)).security_officer).toEqual({ members: 1, added: 0, removed: 0 })
    expect(await names('security_officer')).toEqual(['huong.pham'])
  })

  it('takes an account deleted and made anew under the same username for another identity: the old row keeps its history and gives up the name', async () => {
    const username = `tam.${randomBytes(4).toString('hex')}`
    const first = await securityOfficerAccount(username, 'Thị Thanh', 'Nông')
    await syncDirectoryRoles(t.db, directory)
    const old = await t.db.user.findUniqueOrThrow({ where: { username }, select: { id: true, subject: true } })
    expect(old.subject).toBe(first)
    // Something of theirs: a request they filed.
    const agencyId = await makeAgency(t.db, 'Sở Nội vụ')
    const projectId = await makeProject(t.db, agencyId)
    const draft = await makeDraft(t.db, { projectId, agencyId, requesterId: old.id, lines: { cpu: 1_000n } })

    expect((await asAdmin('DELETE', `/users/${first}`)).status).toBe(204)
    const second = await securityOfficerAccount(username, 'Văn Tâm', 'Nông')
    expect(await syncDirectoryRoles(t.db, directory)).toMatchObject({
      security_officer: { members: 2, added: 1, removed: 1 },
    })

    expect(await t.db.user.findUniqueOrThrow({ where: { username } })).toMatchObject({
      subject: second,
      displayName: 'Nông Văn Tâm',
    })
    expect(await t.db.user.findUniqueOrThrow({ where: { id: old.id } })).toMatchObject({
      subject: first,
      username: `${username}#${first}`,
      displayName: 'Nông Thị Thanh',
    })
    expect(
      await t.db.quotaRequest.findUniqueOrThrow({ where: { id: draft }, select: { requestedById: true } }),
    ).toEqual({ requestedById: old.id })
    expect(await names('security_officer')).toEqual(['huong.pham', username])
    const released = await t.db.auditEntry.findMany({ where: { action: 'user.username_released' } })
    expect(released).toHaveLength(1)
    expect(released[0]).toMatchObject({
      actorId: 'system:identity',
      entityType: 'User',
      entityId: old.id,
      before: { username, subject: first },
      after: { username: `${username}#${first}`, takenBySubject: second },
    })

    expect((await asAdmin('DELETE', `/users/${second}`)).status).toBe(204)
    temporary = null
  })

  it("reads the agencies of their groups: an operator who never signed in, in the asking agency's group, is not told of its closing request", async () => {
    const { db } = t
    const own = await makeAgency(db, 'Sở Khoa học và Công nghệ', { code: 'so-khcn' })
    const other = await makeAgency(db, 'Sở Tài chính', { code: 'so-tc' })
    await makeAgency(db, 'Trung tâm Công nghệ số', { code: 'ttcns' })
    const username = `vu.${randomBytes(4).toString('hex')}`
    const id = await account(username, 'Thị Vân', 'Vũ', 'dc-operator', ['/agencies/so-khcn'])

    expect((await syncDirectoryRoles(db, directory)).agencies).toMatchObject({ added: 1, removed: 0 })
    const operator = await db.user.findUniqueOrThrow({ where: { subject: id }, select: { id: true } })
    expect(await db.directoryAgency.findMany({ where: { userId: operator.id }, select: { agencyCode: true } })).toEqual(
      [{ agencyCode: 'so-khcn' }],
    )
    const duc = await db.user.findUniqueOrThrow({ where: { username: 'duc.dang' }, select: { id: true } })
    expect(await db.directoryAgency.findMany({ where: { userId: duc.id }, select: { agencyCode: true } })).toEqual([
      { agencyCode: 'ttcns' },
    ])

    // Their own agency asks to close a system: the duties keep them from deciding it, so the
    // notice goes to the data centre's operators alone (before, they counted as in no agency).
    const projectId = await makeProject(db, own, { name: 'Cổng dữ liệu Đồng Đăng' })
    const asker = await makeUser(db, 'Nguyễn Văn An')
    expect(
      await askToClose(db, {
        projectId,
        agencyId: own,
        actor: { id: asker, label: 'Nguyễn Văn An' },
        reason: 'Thay thế',
      }),
    ).toMatchObject({ ok: true })
    const told = await db.notification.findMany({
      where: { kind: 'closure_requested' },
      select: { recipient: { select: { username: true } } },
    })
    expect(told.map((n) => n.recipient.username).sort()).toEqual(['duc.dang', 'tuan.be'])

    // Moved to another agency's group in Keycloak: the next sync follows.
    expect((await asAdmin('DELETE', `/users/${id}/groups/${await groupId('/agencies/so-khcn')}`)).status).toBe(204)
    expect((await asAdmin('PUT', `/users/${id}/groups/${await groupId('/agencies/so-tc')}`)).status).toBe(204)
    expect((await syncDirectoryRoles(db, directory)).agencies).toEqual({ members: 4, added: 1, removed: 1 })
    const permitted = await peopleWhoMay(db, 'request.revoke', ofAgency(own))
    expect(permitted.find((person) => person.id === operator.id)).toEqual({
      id: operator.id,
      roles: ['dc_operator'],
      agencyIds: [other],
    })

    // Gone from Keycloak: their role and their agencies go at the next sync.
    expect((await asAdmin('DELETE', `/users/${id}`)).status).toBe(204)
    temporary = null
    expect((await syncDirectoryRoles(db, directory)).agencies).toEqual({ members: 3, added: 0, removed: 1 })
    expect(await db.directoryAgency.count({ where: { userId: operator.id } })).toBe(0)
  })

  it("refuses a client without the directory rights, with Keycloak's answer, and changes nothing", async () => {
    const automation = await createKeycloakDirectory({
      issuer: issuer(),
      clientId: requireStackSetting('KEYCLOAK_AUTOMATION_CLIENT_ID'),
      clientSecret: requireStackSetting('KEYCLOAK_AUTOMATION_CLIENT_SECRET'),
    })
    const before = await t.db.directoryRole.count()
    await expect(syncDirectoryRoles(t.db, automation)).rejects.toSatisfy(
      (error) => error instanceof DirectoryError && error.status === 403,
    )
    expect(await t.db.directoryRole.count()).toBe(before)
  })
})
