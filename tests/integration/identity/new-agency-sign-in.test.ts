import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { syncAgencyGroups } from '#server/agencies/group-sync'
import { createAgency } from '#server/agencies/store'
import { createKeycloakAgencyGroups, type AgencyGroupDirectory } from '#server/identity/agency-groups'
import { createOidcClient, type OidcClient } from '#server/identity/oidc'
import { newLoginBinding, savePendingLogin } from '#server/identity/pending-logins'
import { openSession, type SessionDeps } from '#server/identity/sessions'
import { createTokenVault } from '#server/identity/token-vault'
import { createTestDatabase, type TestDatabase } from '../../helpers/database'
import { makeUser } from '../../helpers/fixtures'
import { realmAdmin, type RealmAdmin } from '../../helpers/keycloak-admin'
import { DEMO_PASSWORD, DEV_CALLBACK, signInAtKeycloak } from '../../helpers/sign-in'
import { requireStackSetting } from '../../helpers/stack-env'

// An agency made in the console reaches Keycloak as a group through the workflow worker's sync
// (decision 0052); a person Keycloak's administrator then puts in that group signs in, through
// Keycloak's own login form and the console's callback, as staff of that agency and of the one
// made below it, and of nothing else. A group made by hand, which no agency has, gives nobody an
// agency. Real Keycloak, the realm the project ships; codes carry this run's suffix, and the
// people and groups made here are removed at the end.

const run = randomBytes(3).toString('hex')
const code = (name: string) => `t${run}-${name}`

let t: TestDatabase
let admin: RealmAdmin
let groups: AgencyGroupDirectory
let oidc: OidcClient
let deps: SessionDeps
const people: string[] = []

beforeAll(async () => {
  t = await createTestDatabase()
  admin = await realmAdmin()
  groups = await createKeycloakAgencyGroups({
    issuer: requireStackSetting('OIDC_ISSUER'),
    clientId: requireStackSetting('KEYCLOAK_WORKFLOW_CLIENT_ID'),
    clientSecret: requireStackSetting('KEYCLOAK_WORKFLOW_CLIENT_SECRET'),
  })
  oidc = await createOidcClient({
    issuer: requireStackSetting('OIDC_ISSUER'),
    clientId: requireStackSetting('OIDC_CLIENT_ID'),
    clientSecret: requireStackSetting('OIDC_CLIENT_SECRET'),
  })
  deps = { db: t.db, oidc, vault: createTokenVault('test-only-session-secret-0123456789abcdef') }
})

afterAll(async () => {
  for (const id of people) await admin?.request('DELETE', `/users/${id}`)
  for (const group of (await groups?.list()) ?? [])
    if (group.name.startsWith(`t${run}-`)) await admin.request('DELETE', `/groups/${group.id}`)
  await t?.drop()
})

/** A person made by the realm's administrator: agency staff, in the group at `path`; their username. */
async function staffIn(path: string): Promise<string> {
  const username = `t${run}-${people.length}`
  const created = await admin.request('POST', '/users', {
    username,
    enabled: true,
    firstName: 'Thị Mai',
    lastName: 'Nông',
    email: `${username}@tan-thanh.langson.local`,
    emailVerified: true,
    groups: [path],
    credentials: [{ type: 'password', value: DEMO_PASSWORD, temporary: false }],
  })
  expect(created.status).toBe(201)
  const id = created.headers.get('location')!.split('/').pop()!
  people.push(id)
  // The admin API takes realm roles as a mapping of Keycloak's own representation of the role.
  const role: unknown = await (await admin.request('GET', '/roles/agency-staff')).json()
  expect((await admin.request('POST', `/users/${id}/role-mappings/realm`, [role])).status).toBe(204)
  const inGroups = (await (await admin.request('GET', `/users/${id}/groups`)).json()) as { path: string }[]
  expect(inGroups.map((g) => g.path)).toEqual([path])
  return username
}

/** Keycloak's login form, then the console's callback (from the browser that began the login). */
async function signIn(username: string) {
  const { url, pending } = await oidc.beginLogin({ redirectUri: DEV_CALLBACK, returnTo: '/' })
  const binding = newLoginBinding()
  await savePendingLogin(t.db, pending, binding)
  const callbackUrl = await signInAtKeycloak(url, username)
  const opened = await openSession(deps, {
    callbackUrl,
    state: callbackUrl.searchParams.get('state')!,
    binding,
    origin: { ip: null, userAgent: null },
  })
  if (opened.status !== 'opened') throw new Error(`${username} was refused: ${opened.reason}`)
  return opened.session.principal
}

describe('a new agency at sign-in', () => {
  it("gives a person put in the new agency's group that agency and the one below it, nothing else", async () => {
    const by = { actor: { id: await makeUser(t.db, 'Lý Văn Quang'), label: 'Lý Văn Quang' } }
    const made = await createAgency(
      t.db,
      { code: code('tan-thanh'), nameVi: 'UBND xã Tân Thanh', kind: 'people-committee' },
      by,
    )
    const below = await createAgency(
      t.db,
      { code: code('tram-y-te'), nameVi: 'Trạm Y tế xã Tân Thanh', kind: 'hospital', parentCode: code('tan-thanh') },
      by,
    )
    expect(made.ok && below.ok).toBe(true)
    expect((await syncAgencyGroups(t.db, groups)).created).toBe(2)

    const principal = await signIn(await staffIn(`/agencies/${code('tan-thanh')}`))
    const ids = await t.db.agency.findMany({
      where: { code: { in: [code('tan-thanh'), code('tram-y-te')] } },
      select: { id: true },
    })
    expect(principal.roles).toEqual(['agency_staff'])
    expect(principal.agencyIds).toEqual(ids.map((a) => a.id).sort())
    expect(principal.displayName).toBe('Nông Thị Mai')
  }, 60_000)

  it('gives a person in a group made by hand, which no agency has, no agency at all', async () => {
    const root = (await (await admin.request('GET', '/group-by-path/agencies')).json()) as { id: string }
    const handMade = await admin.request('POST', `/groups/${root.id}/children`, { name: code('tu-lam') })
    expect(handMade.status).toBe(201)

    const principal = await signIn(await staffIn(`/agencies/${code('tu-lam')}`))
    expect(principal.agencyIds).toEqual([])
    expect(await t.db.agency.count({ where: { code: code('tu-lam') } })).toBe(0)
  }, 60_000)
})
