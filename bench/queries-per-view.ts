// How many statements one page view sends to PostgreSQL (issue 5, decision 0015): the production
// build under remix-serve, an operator's session, N views of each page, and the database's own
// count of committed transactions (every statement outside a transaction is one) before and after.
//
//   npx tsx bench/queries-per-view.ts [--views 50] [--paths /queue,/]
import { createHash, randomBytes } from 'node:crypto'
import { parseArgs } from 'node:util'
import { createCookie } from '@remix-run/node'
import pg from 'pg'
import { createTokenVault } from '#server/identity/token-vault'
import { buildConsole, seedDatabase, startConsoleServer } from '../tests/helpers/console-server'
import { createTestDatabase, ensureTemplateDatabase } from '../tests/helpers/database'

const { values } = parseArgs({ options: { views: { type: 'string', default: '50' }, paths: { type: 'string', default: '/queue,/' } } })
const VIEWS = Number(values.views)

await ensureTemplateDatabase()
const t = await createTestDatabase({ poolSize: 2 })
try {
  await seedDatabase(t.url)
  const secret = randomBytes(32).toString('base64url')
  const operator = await t.db.user.findFirstOrThrow({ where: { username: 'duc.dang' }, select: { id: true } })
  const token = randomBytes(32).toString('base64url')
  await t.db.session.create({
    data: {
      id: createHash('sha256').update(token).digest('hex'), userId: operator.id, roles: ['dc_operator'], agencyCodes: ['ttcns'],
      accessToken: createTokenVault(secret).seal('bench-only'), accessExpiresAt: new Date(Date.now() + 3_600_000), expiresAt: new Date(Date.now() + 7_200_000),
    },
  })
  const cookie = (await createCookie('__Host-govcloud', { path: '/', secure: true, httpOnly: true, sameSite: 'lax' }).serialize(token)).split(';')[0]!
  await buildConsole()
  const server = await startConsoleServer({ databaseUrl: t.url, env: { SESSION_SECRET: secret } })
  const stats = new pg.Client({ connectionString: t.url })
  await stats.connect()
  // The statistics collector's view of this database, as of now (not the transaction's snapshot).
  const committed = async () => {
    await stats.query('SELECT pg_stat_clear_snapshot()')
    await new Promise((flushed) => setTimeout(flushed, 1_200)) // backends report at most once a second
    const { rows } = await stats.query<{ n: string }>('SELECT xact_commit AS n FROM pg_stat_database WHERE datname = current_database()')
    return Number(rows[0]!.n)
  }
  try {
    for (const path of values.paths.split(',')) {
      const get = () => fetch(`${server.url}${path}`, { headers: { cookie } }).then((res) => res.arrayBuffer())
      for (let i = 0; i < 5; i++) await get()
      const before = await committed()
      for (let i = 0; i < VIEWS; i++) await get()
      // The reading itself commits too: one statement per call of committed() besides the views'.
      const after = await committed()
      console.log(`${path}: ${((after - before - 2) / VIEWS).toFixed(1)} statements per page view`)
    }
  } finally {
    await stats.end()
    await server.stop()
  }
} finally {
  await t.drop()
}
