import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { promisify } from 'node:util'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadRequestForUpdate } from '#server/db/request-rows'
import { DEFAULT_APPROVAL_POLICY } from '#server/domain/security-policy'
import { actOnRequest } from '#server/workflow/act-on-request'
import { operator } from '../../helpers/actors'
import { createTestDatabase, type TestDatabase } from '../../helpers/database'
import { GiB, makeAgency, makePools, makeProject, makeSubmittedRequest, makeUser } from '../../helpers/fixtures'

// Decision 0078 saw pg's "Calling client.query() when the client is already executing a query"
// (a DeprecationWarning, logged at level error) about once a web process under load. The cause:
// Prisma loads a query's sibling relations at once, and in an interactive transaction they all
// reach the transaction's one connection (loadRequestForUpdate, in every action on a request, sends
// the request's lines and votes together). pg queued them and warned; pg 9 refuses them. The
// console's connections now run their queries one after another (server/db/serial-client.ts).

const ROOT = resolve(import.meta.dirname, '../../..')
let t: TestDatabase
let agencyId: string
let projectId: string
let requester: string
let reviewer: string

beforeAll(async () => {
  t = await createTestDatabase()
  await makePools(t.db, { cpu: 100_000n, memory: 100n * GiB })
  agencyId = await makeAgency(t.db, 'Sở Giao thông Vận tải')
  projectId = await makeProject(t.db, agencyId)
  requester = await makeUser(t.db, 'Lý Thị Mai')
  reviewer = await makeUser(t.db, 'Nông Văn Dũng')
})
afterAll(async () => t?.drop())

const submitted = () =>
  makeSubmittedRequest(t.db, { projectId, agencyId, requesterId: requester, lines: { cpu: 500n, memory: GiB } })

/** The most queries one pg connection had in flight at once while `work` ran. */
async function mostAtOnceOnOneConnection(work: () => Promise<unknown>): Promise<number> {
  // Kept to be put back, and called with the client as `this`.
  // eslint-disable-next-line @typescript-eslint/unbound-method
  const query = pg.Client.prototype.query
  const inFlight = new WeakMap<pg.Client, number>()
  let most = 0
  pg.Client.prototype.query = function (this: pg.Client, ...args: Parameters<typeof query>) {
    const result = (query as (...a: unknown[]) => unknown).apply(this, args)
    if (!(result instanceof Promise)) return result
    const now = (inFlight.get(this) ?? 0) + 1
    inFlight.set(this, now)
    most = Math.max(most, now)
    const done = () => inFlight.set(this, (inFlight.get(this) ?? 1) - 1)
    result.then(done, done)
    return result
  } as typeof query
  try {
    await work()
  } finally {
    pg.Client.prototype.query = query
  }
  return most
}

describe("the console's database connections", () => {
  it("are given one query at a time, a transaction's relations loaded together included", async () => {
    const id = await submitted()
    const loading = await mostAtOnceOnOneConnection(() => t.db.$transaction((tx) => loadRequestForUpdate(tx, id)))
    expect(loading).toBe(1)
    let approved: unknown
    const approving = await mostAtOnceOnOneConnection(async () => {
      approved = await actOnRequest(t.db, {
        requestId: id,
        action: 'approve',
        actor: operator(reviewer),
        expectedVersion: 1,
        policy: DEFAULT_APPROVAL_POLICY,
      })
    })
    expect(approved).toMatchObject({ ok: true, value: { state: 'approved' } })
    expect(approving).toBe(1)
  })

  it('never make pg warn, in a process of their own (the warning is given once a process)', async () => {
    const id = await submitted()
    const dir = mkdtempSync(join(tmpdir(), 'govcloud-one-query-'))
    try {
      const script = join(dir, 'load.mts')
      const from = (path: string) => JSON.stringify(pathToFileURL(join(ROOT, path)).href)
      writeFileSync(
        script,
        `import { createDb } from ${from('server/db/client.ts')}
import { loadRequestForUpdate } from ${from('server/db/request-rows.ts')}
const warnings: string[] = []
process.on('warning', (warning) => warnings.push(warning.name + ': ' + warning.message))
const db = createDb(process.env.DATABASE_URL!)
const loaded = await db.$transaction((tx) => loadRequestForUpdate(tx, process.env.REQUEST_ID!))
await db.$disconnect()
await new Promise((done) => setTimeout(done, 50))
console.log(JSON.stringify({ lines: loaded?.request.lines.length, warnings }))
`,
      )
      const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', script], {
        cwd: ROOT,
        env: { ...process.env, DATABASE_URL: t.url, REQUEST_ID: id },
      })
      expect(JSON.parse(stdout.trim().split('\n').at(-1)!)).toEqual({ lines: 2, warnings: [] })
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }, 60_000)
})
