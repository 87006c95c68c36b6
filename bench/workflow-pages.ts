// Benchmark (issue 5): the operator queue and the dashboard with 1,000 agencies, 10,000 projects
// and 100,000 requests, at 50 concurrent users, through the real console (remix-serve, session
// lookup, authorisation, rendering) against a bare loader running the same queries in-process at
// the same concurrency. Prints p50/p95 and the ratio.
//
//   npx tsx bench/workflow-pages.ts [--seconds 15] [--concurrency 50]
//
// Needs the local stack's PostgreSQL and Keycloak (the console discovers Keycloak at first use).
import { createHash, randomBytes } from 'node:crypto'
import { parseArgs } from 'node:util'
import { createCookie } from '@remix-run/node'
import { DEFAULT_APPROVAL_POLICY } from '#server/domain/security-policy'
import { createTokenVault } from '#server/identity/token-vault'
import { loadDashboard } from '#app/routes/_index/dashboard.server'
import { loadQueue } from '#app/routes/queue/queue.server'
import { buildConsole, seedDatabase, startConsoleServer } from '../tests/helpers/console-server'
import { createTestDatabase, ensureTemplateDatabase } from '../tests/helpers/database'
import { fillLargeDataset } from './large-dataset'

const { values } = parseArgs({ options: { seconds: { type: 'string', default: '15' }, concurrency: { type: 'string', default: '50' }, 'skip-build': { type: 'boolean', default: false } } })
const SECONDS = Number(values.seconds)
const CONCURRENCY = Number(values.concurrency)

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN
}

/** `CONCURRENCY` workers each running `work` back to back for `SECONDS`; latencies in ms. */
async function load(work: () => Promise<void>): Promise<{ p50: number; p95: number; count: number; rps: number }> {
  const latencies: number[] = []
  const end = performance.now() + SECONDS * 1000
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (performance.now() < end) {
        const start = performance.now()
        await work()
        latencies.push(performance.now() - start)
      }
    }),
  )
  latencies.sort((a, b) => a - b)
  return { p50: percentile(latencies, 50), p95: percentile(latencies, 95), count: latencies.length, rps: latencies.length / SECONDS }
}

await ensureTemplateDatabase()
const t = await createTestDatabase({ poolSize: CONCURRENCY })
try {
  console.log('seeding demo data and 1,000 agencies / 10,000 projects / 100,000 requests …')
  await seedDatabase(t.url)
  const fillStart = performance.now()
  await fillLargeDataset(t.url)
  console.log(`dataset written in ${((performance.now() - fillStart) / 1000).toFixed(1)} s`)

  // An operator's session, made directly in the table (signing 50 users in through Keycloak would
  // measure Keycloak); its access token is far from expiry so no refresh happens during the run.
  const secret = randomBytes(32).toString('base64url')
  const vault = createTokenVault(secret)
  const operator = await t.db.user.findFirstOrThrow({ where: { username: 'duc.dang' }, select: { id: true } })
  const token = randomBytes(32).toString('base64url')
  await t.db.session.create({
    data: {
      id: createHash('sha256').update(token).digest('hex'), userId: operator.id, roles: ['dc_operator'], agencyCodes: ['ttcns'],
      accessToken: vault.seal('bench-only'), accessExpiresAt: new Date(Date.now() + 3_600_000), expiresAt: new Date(Date.now() + 7_200_000),
    },
  })
  const cookie = await createCookie('__Host-govcloud', { path: '/', secure: true, httpOnly: true, sameSite: 'lax' }).serialize(token)
  const cookieHeader = cookie.split(';')[0]!

  if (!values['skip-build']) await buildConsole()
  const server = await startConsoleServer({ databaseUrl: t.url, env: { SESSION_SECRET: secret } })
  try {
    const get = (path: string) => async () => {
      const res = await fetch(`${server.url}${path}`, { headers: { cookie: cookieHeader }, redirect: 'manual' })
      if (res.status !== 200) throw new Error(`${path} answered ${res.status}:\n${server.output().slice(-2000)}`)
      await res.arrayBuffer()
    }
    await get('/queue')() // warm: OIDC discovery, route modules, query plans
    await get('/')()
    const rows: string[] = []
    for (const [name, path, bare] of [
      ['operator queue', '/queue', () => loadQueue({ db: t.db, locale: 'vi', query: {}, policy: DEFAULT_APPROVAL_POLICY }).then(() => undefined)],
      ['dashboard', '/', () => loadDashboard({ db: t.db, locale: 'vi', agencyIds: null, showPools: true }).then(() => undefined)],
    ] as const) {
      const baseline = await load(bare)
      const consoleRun = await load(get(path))
      const ratio = consoleRun.p95 / baseline.p95
      rows.push(
        `| ${name} | ${CONCURRENCY} | ${consoleRun.p50.toFixed(1)} | ${consoleRun.p95.toFixed(1)} | ${consoleRun.rps.toFixed(0)} | ${baseline.p95.toFixed(1)} | ${ratio.toFixed(2)}× |`,
      )
      console.log(`${name}: console p50 ${consoleRun.p50.toFixed(1)} ms, p95 ${consoleRun.p95.toFixed(1)} ms (${consoleRun.count} requests, ${consoleRun.rps.toFixed(0)}/s); bare loader p95 ${baseline.p95.toFixed(1)} ms; ratio ${ratio.toFixed(2)}×`)
    }
    console.log('\n| page | concurrent users | console p50 (ms) | console p95 (ms) | console req/s | bare loader p95 (ms) | ratio (p95) |\n| --- | --- | --- | --- | --- | --- | --- |')
    console.log(rows.join('\n'))
  } finally {
    await server.stop()
  }
} finally {
  await t.drop()
}
