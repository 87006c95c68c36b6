// Benchmark (issue 5): the operator queue and the dashboard with 1,000 agencies, 10,000 projects
// and 100,000 requests, at 50 concurrent users, through the real console (bin/serve.mjs, session
// lookup, authorisation, rendering) against a bare loader running the same queries in-process at
// the same concurrency. Two kinds of load (decision 0013):
//  - closed loop: each user sends the next request as soon as the last one answers (no think
//    time), the saturating worst case;
//  - human pace: each user thinks between pages, an exponentially distributed pause (mean
//    --think-ms), as people at a console do.
// Two baselines run the same loader: in-process (a function call in this one process, no HTTP at
// all) and over HTTP (bench/bare-loader-server.ts: a bare node:http endpoint answering the loader's
// result as gzip'd JSON — the query plus the cost of any web answer, without the console's
// session, authorisation, layout and rendering — in as many processes as the console's workers,
// decision 0017). Prints p50/p95/p99, requests per second, the ratio of p95s against each, and the
// machine's load average.
//
//   npx tsx bench/workflow-pages.ts [--seconds 15] [--think-seconds 40] [--think-ms 1500] [--concurrency 50] [--modes closed,paced] [--workers N]
//
// Needs the local stack's PostgreSQL and Keycloak (the console discovers Keycloak at first use).
import { spawn } from 'node:child_process'
import { availableParallelism, loadavg } from 'node:os'
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { DEFAULT_APPROVAL_POLICY } from '#server/domain/security-policy'
import { loadDashboard } from '#app/routes/_index/dashboard.server'
import { loadQueue } from '#app/routes/queue/queue.server'
import { buildConsole, seedDatabase, startConsoleServer } from '../tests/helpers/console-server'
import { operatorSession } from './operator-session'
import { createTestDatabase, ensureTemplateDatabase } from '../tests/helpers/database'
import { fillLargeDataset } from './large-dataset'

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '15' },
    'think-seconds': { type: 'string', default: '40' },
    'think-ms': { type: 'string', default: '1500' },
    concurrency: { type: 'string', default: '50' },
    modes: { type: 'string', default: 'closed,paced' },
    /** Console worker processes (bin/serve.mjs's CONSOLE_WORKERS); the bare server over HTTP gets as many. */
    workers: { type: 'string', default: String(availableParallelism()) },
    'skip-build': { type: 'boolean', default: false },
  },
})
const CONCURRENCY = Number(values.concurrency)
const THINK_MS = Number(values['think-ms'])
const MODES = values.modes.split(',') as ('closed' | 'paced')[]
const WORKERS = Number(values.workers)

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN
}

type Figures = { p50: number; p95: number; p99: number; count: number; rps: number }

/** Exponentially distributed pause with the given mean (a Poisson stream of page views per user). */
const think = (mean: number) => new Promise((done) => setTimeout(done, -Math.log(1 - Math.random()) * mean))

/**
 * `CONCURRENCY` users each running `work` for `seconds`, back to back (thinkMs 0) or with a
 * think time between requests; latencies in ms. With think time, users start at random moments
 * within one mean pause, as people do, rather than all at once.
 */
async function load(work: () => Promise<void>, seconds: number, thinkMs: number): Promise<Figures> {
  const latencies: number[] = []
  const end = performance.now() + seconds * 1000
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      if (thinkMs > 0) await think(thinkMs)
      while (performance.now() < end) {
        const start = performance.now()
        await work()
        latencies.push(performance.now() - start)
        if (thinkMs > 0) await think(thinkMs)
      }
    }),
  )
  latencies.sort((a, b) => a - b)
  return { p50: percentile(latencies, 50), p95: percentile(latencies, 95), p99: percentile(latencies, 99), count: latencies.length, rps: latencies.length / seconds }
}

const load1 = () => loadavg()[0]!.toFixed(1)
const ms = (value: number) => value.toFixed(1)

await ensureTemplateDatabase()
const t = await createTestDatabase({ poolSize: CONCURRENCY })
try {
  console.log('seeding demo data and 1,000 agencies / 10,000 projects / 100,000 requests …')
  await seedDatabase(t.url)
  const fillStart = performance.now()
  await fillLargeDataset(t.url)
  console.log(`dataset written in ${((performance.now() - fillStart) / 1000).toFixed(1)} s`)

  const { secret, cookie: cookieHeader } = await operatorSession(t.db)

  // The bare loader over HTTP, in as many processes as the console (bench/bare-loader-server.ts).
  const bare = spawn(process.execPath, ['--import', 'tsx', resolve(import.meta.dirname, 'bare-loader-server.ts')], {
    env: { ...process.env, DATABASE_URL: t.url, WORKERS: String(WORKERS) },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const bareUrl = await new Promise<string>((ready, failed) => {
    bare.once('exit', (code) => failed(new Error(`the bare loader server exited (code ${code})`)))
    bare.stdout.on('data', (chunk: Buffer) => {
      const port = /listening (\d+)/.exec(chunk.toString())?.[1]
      if (port) ready(`http://127.0.0.1:${port}`)
    })
  })
  bare.removeAllListeners('exit')
  const bareOverHttp = (path: string) => async () => {
    const res = await fetch(`${bareUrl}${path}`)
    if (res.status !== 200) throw new Error(`bare ${path} answered ${res.status}`)
    await res.arrayBuffer()
  }

  if (!values['skip-build']) await buildConsole()
  const server = await startConsoleServer({ databaseUrl: t.url, workers: WORKERS, env: { SESSION_SECRET: secret } })
  try {
    const get = (path: string) => async () => {
      const res = await fetch(`${server.url}${path}`, { headers: { cookie: cookieHeader }, redirect: 'manual' })
      if (res.status !== 200) throw new Error(`${path} answered ${res.status}:\n${server.output().slice(-2000)}`)
      await res.arrayBuffer()
    }
    await get('/queue')() // warm: OIDC discovery, route modules, query plans
    await get('/')()
    const rows: string[] = []
    for (const mode of MODES) {
      const [seconds, thinkMs] = mode === 'closed' ? [Number(values.seconds), 0] : [Number(values['think-seconds']), THINK_MS]
      const label = mode === 'closed' ? 'closed loop, no think time' : `human pace, think time exp. mean ${THINK_MS} ms`
      for (const [name, path, bare] of [
        ['operator queue', '/queue', () => loadQueue({ db: t.db, locale: 'vi', query: {}, policy: DEFAULT_APPROVAL_POLICY }).then(() => undefined)],
        ['dashboard', '/', () => loadDashboard({ db: t.db, locale: 'vi', agencyIds: null, showPools: true }).then(() => undefined)],
      ] as const) {
        const loadBefore = load1()
        const baseline = await load(bare, seconds, thinkMs)
        const overHttp = await load(bareOverHttp(path), seconds, thinkMs)
        const consoleRun = await load(get(path), seconds, thinkMs)
        const ratio = consoleRun.p95 / baseline.p95
        const ratioHttp = consoleRun.p95 / overHttp.p95
        const loadAfter = load1()
        rows.push(
          `| ${name} | ${label} | ${CONCURRENCY} | ${ms(consoleRun.p50)} | ${ms(consoleRun.p95)} | ${ms(consoleRun.p99)} | ${consoleRun.rps.toFixed(1)} | ${ms(baseline.p50)} | ${ms(baseline.p95)} | ${ms(baseline.p99)} | ${baseline.rps.toFixed(1)} | ${ratio.toFixed(2)}× | ${ms(overHttp.p50)} | ${ms(overHttp.p95)} | ${ms(overHttp.p99)} | ${ratioHttp.toFixed(2)}× | ${loadBefore} → ${loadAfter} |`,
        )
        console.log(
          `${name}, ${label}: console p50 ${ms(consoleRun.p50)} / p95 ${ms(consoleRun.p95)} / p99 ${ms(consoleRun.p99)} ms (${consoleRun.count} requests, ${consoleRun.rps.toFixed(1)}/s); ` +
            `bare loader in-process p50 ${ms(baseline.p50)} / p95 ${ms(baseline.p95)} / p99 ${ms(baseline.p99)} ms (${baseline.rps.toFixed(1)}/s), ratio (p95) ${ratio.toFixed(2)}×; ` +
            `bare loader over HTTP p50 ${ms(overHttp.p50)} / p95 ${ms(overHttp.p95)} / p99 ${ms(overHttp.p99)} ms (${overHttp.rps.toFixed(1)}/s), ratio (p95) ${ratioHttp.toFixed(2)}×; load average ${loadBefore} → ${loadAfter}`,
        )
      }
    }
    console.log(`\nconsole workers: ${WORKERS}; bare loader over HTTP: ${WORKERS} processes; in-process loader: this one process`)
    console.log(
      '\n| page | load | users | console p50 (ms) | console p95 (ms) | console p99 (ms) | console req/s | in-process p50 (ms) | in-process p95 (ms) | in-process p99 (ms) | in-process req/s | ratio (p95) | over HTTP p50 (ms) | over HTTP p95 (ms) | over HTTP p99 (ms) | ratio vs HTTP (p95) | load average |\n' +
        '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    )
    console.log(rows.join('\n'))
  } finally {
    await server.stop()
    bare.kill('SIGTERM')
  }
} finally {
  await t.drop()
}
