// How many statements one page view sends to PostgreSQL (issue 5, decision 0015): the production
// build under remix-serve, an operator's session, N views of each page, and the database's own
// count of committed transactions (every statement outside a transaction is one) before and after.
//
//   npx tsx bench/queries-per-view.ts [--views 50] [--paths /queue,/]
import { parseArgs } from 'node:util'
import pg from 'pg'
import { buildConsole, startConsoleServer } from '../tests/helpers/console-server'
import { operatorSession } from './operator-session'
import { createTestDatabase, ensureTemplateDatabase, seedDatabase } from '../tests/helpers/database'

const { values } = parseArgs({
  options: { views: { type: 'string', default: '50' }, paths: { type: 'string', default: '/queue,/' } },
})
const VIEWS = Number(values.views)

await ensureTemplateDatabase()
const t = await createTestDatabase({ poolSize: 2 })
try {
  await seedDatabase(t.url)
  const { secret, cookie } = await operatorSession(t.db)
  await buildConsole()
  const server = await startConsoleServer({ databaseUrl: t.url, env: { SESSION_SECRET: secret } })
  const stats = new pg.Client({ connectionString: t.url })
  await stats.connect()
  // The statistics collector's view of this database, as of now (not the transaction's snapshot).
  const committed = async () => {
    await stats.query('SELECT pg_stat_clear_snapshot()')
    // A backend that reported less than a second ago holds its counts until it has been idle for
    // 10 s (PostgreSQL 15's PGSTAT_IDLE_INTERVAL): wait that out, or the count is short by chance.
    await new Promise((flushed) => setTimeout(flushed, 11_000))
    const { rows } = await stats.query<{ n: string }>(
      'SELECT xact_commit AS n FROM pg_stat_database WHERE datname = current_database()',
    )
    return Number(rows[0]!.n)
  }
  try {
    for (const path of values.paths.split(',')) {
      const get = async () => {
        const res = await fetch(`${server.url}${path}`, { headers: { cookie }, redirect: 'manual' })
        // A refused session would answer a redirect to sign-in, and count far fewer statements.
        if (res.status !== 200) throw new Error(`${path} answered ${res.status}`)
        await res.arrayBuffer()
      }
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
