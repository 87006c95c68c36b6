// Keycloak stopped under a running console, then started again (issue 16, decisions 0028, 0071). A
// private PostgreSQL and a private Keycloak of this file's own (infra/local/stack with a state
// folder of its own, tests/helpers/private-stack.ts), so the shared realm, which every other file
// signs in to, is never touched. While Keycloak is down, people already signed in keep working
// (even when their access token is due for a refresh), a new sign-in gets the Vietnamese 503
// page that says so, and the API answers a token whose keys it has not fetched yet with a 503
// problem rather than a 401 or a 500. Once Keycloak is back a new sign-in and that very token
// work, and nothing was lost.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { grantAppRole, roleOf } from '#server/db/grants'
import { applyMigrations } from '#server/db/schema-engine'
import { createDb, type Db } from '#server/db/client'
import { buildConsole, startConsoleServer, type ConsoleServer } from '../../helpers/console-server'
import { seedDatabase } from '../../helpers/database'
import { until } from '../../helpers/poll'
import { privateStack, type PrivateStack } from '../../helpers/private-stack'
import { PUBLIC_URL, signedInVisitor } from '../../helpers/seeded-console'
import { newAutomationToken } from '../../helpers/sign-in'

let stack: PrivateStack
let server: ConsoleServer
let db: Db
let startSeconds = 0

beforeAll(async () => {
  const started = Date.now()
  stack = privateStack('keycloak')
  await stack.up('postgres', 'keycloak')
  startSeconds = (Date.now() - started) / 1000
  await applyMigrations(stack.setting('DATABASE_OWNER_URL'))
  await grantAppRole(stack.setting('DATABASE_OWNER_URL'), roleOf(stack.setting('DATABASE_URL')))
  await seedDatabase(stack.setting('DATABASE_URL'))
  await buildConsole()
  db = createDb(stack.setting('DATABASE_URL'), { poolSize: 2 })
  server = await startConsoleServer({
    databaseUrl: stack.setting('DATABASE_URL'),
    env: {
      PUBLIC_URL,
      OIDC_ISSUER: stack.setting('OIDC_ISSUER'),
      OIDC_CLIENT_ID: stack.setting('OIDC_CLIENT_ID'),
      OIDC_CLIENT_SECRET: stack.setting('OIDC_CLIENT_SECRET'),
    },
  })
}, 600_000)

afterAll(async () => {
  await server?.stop()
  await db?.$disconnect()
  await stack?.destroy()
})

const api = (path: string, token: string) =>
  fetch(`${server.url}/api/v1${path}`, {
    headers: { authorization: `Bearer ${token}`, 'accept-language': 'vi' },
    signal: AbortSignal.timeout(20_000),
  })

/** A new request of an.nguyen's agency's seeded system, submitted on its page: its number. */
async function submitRequest(staff: Awaited<ReturnType<typeof signedInVisitor>>, cpu: string): Promise<number> {
  const project = await db.project.findFirstOrThrow({
    where: { name: 'Hệ thống quản lý đề tài khoa học' },
    select: { id: true, namespace: true },
  })
  const asked = await staff.post(`/projects/${project.namespace}/requests/new`, {
    projectId: project.id,
    kind: 'increase',
    justification: 'Thêm vCPU trong lúc Keycloak khởi động lại',
    'lines[0].resource': 'cpu',
    'lines[0].amount': cpu,
    intent: 'submit',
  })
  const text = asked.status === 302 ? '' : (await asked.text()).replace(/<[^>]*>/g, ' ').slice(-1500)
  expect(asked.status, text).toBe(302)
  return Number(/\/requests\/(\d+)$/.exec(asked.headers.get('location') ?? '')?.[1])
}

describe('Keycloak restarted under the console', () => {
  it(
    'keeps signed-in people working, says so to a new sign-in and to the API, and recovers by itself',
    { timeout: 300_000 },
    async () => {
      console.info(`private PostgreSQL and Keycloak started in ${startSeconds.toFixed(0)} s`)
      const staff = await signedInVisitor(server, 'an.nguyen')
      const operator = await signedInVisitor(server, 'duc.dang')
      // A token the console has not checked yet: its signing keys are not in the console's cache.
      const token = await newAutomationToken((key) => stack.setting(key))
      const requestsBefore = await db.quotaRequest.count()

      await stack.down('keycloak')

      // Signed in before: pages and forms work, also when the access token is due for a refresh
      // (the session stays; the refresh is tried again later, decision 0028).
      await db.session.updateMany({ data: { accessExpiresAt: new Date(Date.now() - 60_000) } })
      expect((await staff.get('/requests')).status).toBe(200)
      const during = await submitRequest(staff, '1')
      expect((await operator.get('/queue')).status).toBe(200)
      expect(await (await operator.get(`/requests/${during}`)).text()).toContain('Thêm vCPU trong lúc Keycloak')

      // A new sign-in: the Vietnamese page that says why, 503 with Retry-After, not an error page.
      const login = await fetch(`${server.url}/auth/login?returnTo=%2Fqueue`, { redirect: 'manual' })
      const page = (await login.text()).replace(/\u00a0/g, ' ')
      expect(login.status, page.slice(0, 500)).toBe(503)
      expect(login.headers.get('retry-after')).toBe('30')
      expect(page).toContain('Không kết nối được máy chủ đăng nhập (Keycloak)')
      expect(page).not.toContain('mã tham chiếu')

      // The API: a token whose keys cannot be fetched is a 503 problem to wait out, never a 401
      // (the token may be good) or a 500.
      const problem = await api('/projects', token)
      expect(problem.status).toBe(503)
      expect(problem.headers.get('retry-after')).toBe('30')
      expect(await problem.json()).toMatchObject({ status: 503, code: 'auth.provider_unavailable' })

      await stack.up('keycloak')

      // The same token, once the keys can be fetched again; a new sign-in; the sessions of before.
      await until('the API accepts the token again', 60_000, async () => (await api('/projects', token)).status === 200)
      const again = await signedInVisitor(server, 'huong.pham')
      expect((await again.get('/audit')).status).toBe(200)
      expect((await staff.get('/requests')).status).toBe(200)
      // The sessions due for a refresh get one now that Keycloak answers; nobody was signed out.
      await until('the sessions refreshed', 30_000, async () => {
        await staff.get('/')
        await operator.get('/')
        return (await db.session.count({ where: { accessExpiresAt: { lt: new Date() } } })) === 0
      })
      expect(await db.auditEntry.count({ where: { action: 'session.end' } })).toBe(0)
      // Nothing lost: the request filed during the outage is there, submitted.
      expect(await db.quotaRequest.count()).toBe(requestsBefore + 1)
      expect(await db.quotaRequest.findUniqueOrThrow({ where: { number: during } })).toMatchObject({
        state: 'submitted',
      })
    },
  )
})
