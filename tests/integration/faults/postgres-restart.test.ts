// PostgreSQL stopped under a running console, then started again (issue 16, decision 0071). A
// private PostgreSQL cluster of this file's own (infra/local/stack with a state folder of its own,
// tests/helpers/private-stack.ts), migrated and seeded as a deployment's; the shared stack's is never
// touched. While it is down the console answers in words (503, the catalogue's sentence, the API's
// problem) and /readyz fails so a balancer stops sending people there; /healthz stays up, as the
// process is sound. Once it is back the console recovers by itself: the same session cookie works,
// a new sign-in works, and what was saved before is all there.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { grantAppRole, roleOf } from '#server/db/grants'
import { applyMigrations } from '#server/db/schema-engine'
import { buildConsole, startConsoleServer, type ConsoleServer } from '../../helpers/console-server'
import { seedDatabase } from '../../helpers/database'
import { until } from '../../helpers/poll'
import { privateStack, type PrivateStack } from '../../helpers/private-stack'
import { PUBLIC_URL, signedInVisitor } from '../../helpers/seeded-console'
import { automationToken } from '../../helpers/sign-in'

let stack: PrivateStack
let server: ConsoleServer

beforeAll(async () => {
  stack = privateStack('postgres')
  await stack.up('postgres')
  await applyMigrations(stack.setting('DATABASE_OWNER_URL'))
  await grantAppRole(stack.setting('DATABASE_OWNER_URL'), roleOf(stack.setting('DATABASE_URL')))
  await seedDatabase(stack.setting('DATABASE_URL'))
  await buildConsole()
  server = await startConsoleServer({ databaseUrl: stack.setting('DATABASE_URL'), env: { PUBLIC_URL } })
})

afterAll(async () => {
  await server?.stop()
  await stack?.destroy()
})

const readyz = async () => {
  const response = await fetch(`${server.url}/readyz`, { signal: AbortSignal.timeout(5_000) })
  return { status: response.status, body: (await response.json()) as { database: string } }
}

const api = (path: string, token: string) =>
  fetch(`${server.url}/api/v1${path}`, {
    headers: { authorization: `Bearer ${token}`, 'accept-language': 'vi' },
    signal: AbortSignal.timeout(10_000),
  })

describe('PostgreSQL restarted under the console', () => {
  it('says so while it is down, and recovers by itself with nothing lost', { timeout: 90_000 }, async () => {
    const staff = await signedInVisitor(server, 'an.nguyen')
    const token = await automationToken()
    const before = await staff.get('/requests')
    expect(before.status).toBe(200)
    const projectsBefore: unknown = await (await api('/projects', token)).json()

    await stack.down('postgres')
    expect(await readyz()).toMatchObject({ status: 503, body: { database: 'unreachable' } })
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200)

    // A page: 503 and the catalogue's sentence (Vietnamese first), not "something went wrong".
    const page = await staff.get('/requests')
    const html = await page.text()
    expect(page.status, html.slice(0, 500)).toBe(503)
    expect(page.headers.get('retry-after')).toBe('30')
    expect(html).toContain('Tạm thời không kết nối được cơ sở dữ liệu')
    // The API: a problem with the same meaning, Retry-After for automation to wait.
    const problem = await api('/projects', token)
    expect(problem.status).toBe(503)
    expect(problem.headers.get('retry-after')).toBe('30')
    expect(await problem.json()).toMatchObject({ status: 503, code: 'api.database_unavailable' })

    await stack.up('postgres')
    await until('/readyz says ok again', 30_000, async () => (await readyz()).status === 200)
    // The session kept in the database still holds; a new sign-in works; nothing saved was lost.
    expect((await staff.get('/requests')).status).toBe(200)
    const operator = await signedInVisitor(server, 'duc.dang')
    expect((await operator.get('/queue')).status).toBe(200)
    expect(await (await api('/projects', token)).json()).toEqual(projectsBefore)
  })
})
