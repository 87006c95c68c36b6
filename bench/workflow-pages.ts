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
// decision 0017). A third reference is the console's own data request for the page's route alone
// (`/queue.data?_routes=…`, what a client-side navigation fetches: session, authorisation, the
// loader, Remix's single fetch encoding; no layout, no rendering). Prints p50/p95/p99, requests per
// second, the ratio of the page's p95 to each, and the machine's load average.
//
//   npx tsx bench/workflow-pages.ts [--seconds 15] [--think-seconds 40] [--think-ms 1500] [--concurrency 50] [--modes closed,paced] [--workers N]
//
// Needs the local stack's PostgreSQL and Keycloak (the console discovers Keycloak at first use).
import { spawn } from 'node:child_process'
import { availableParallelism } from 'node:os'
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { DEFAULT_APPROVAL_POLICY } from '#server/domain/security-policy'
import { loadDashboard } from '#app/routes/_index/dashboard.server'
import { loadQueue } from '#app/routes/queue/queue.server'
import { buildConsole, startConsoleServer } from '../tests/helpers/console-server'
import { operatorSession } from './operator-session'
import { createTestDatabase, ensureTemplateDatabase, seedDatabase } from '../tests/helpers/database'
import { fillLargeDataset } from './large-dataset'
import { figures, load1, load as loadUsers, type Figures } from './concurrent-load'

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
const load = (work: () => Promise<void>, seconds: number, thinkMs: number): Promise<Figures> =>
  loadUsers(CONCURRENCY, work, seconds, thinkMs)

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
    // Warm every contender (OIDC discovery, route modules, query plans, and V8's optimised code in
    // each worker: a cold worker answers the first few hundred requests several times slower).
    for (const warm of [
      get('/queue'),
      get('/'),
      get('/queue.data?_routes=routes%2Fqueue'),
      get('/_root.data?_routes=routes%2F_index'),
      bareOverHttp('/queue'),
      bareOverHttp('/'),
    ]) {
      await Promise.all(
        Array.from({ length: 10 }, async () => {
          for (let i = 0; i < 30; i++) await warm()
        }),
      )
    }
    const rows: string[] = []
    for (const mode of MODES) {
      const [seconds, thinkMs] =
        mode === 'closed' ? [Number(values.seconds), 0] : [Number(values['think-seconds']), THINK_MS]
      const label = mode === 'closed' ? 'closed loop, no think time' : `human pace, think time exp. mean ${THINK_MS} ms`
      for (const [name, path, dataPath, bare] of [
        [
          'operator queue',
          '/queue',
          '/queue.data?_routes=routes%2Fqueue',
          () => loadQueue({ db: t.db, locale: 'vi', query: {}, policy: DEFAULT_APPROVAL_POLICY }).then(() => undefined),
        ],
        [
          'dashboard',
          '/',
          '/_root.data?_routes=routes%2F_index',
          () => loadDashboard({ db: t.db, locale: 'vi', agencyIds: null, showPools: true }).then(() => undefined),
        ],
      ] as const) {
        const loadBefore = load1()
        const baselines = {
          'in-process loader': await load(bare, seconds, thinkMs),
          'loader over HTTP': await load(bareOverHttp(path), seconds, thinkMs),
          // What a client-side navigation fetches: the route's loader alone through the console
          // (session, authorisation, Remix's single fetch), without the layout or rendering.
          "console's data request": await load(get(dataPath), seconds, thinkMs),
        }
        const page = await load(get(path), seconds, thinkMs)
        const loadAfter = load1()
        const ratios = Object.values(baselines).map((b) => `${(page.p95 / b.p95).toFixed(2)}×`)
        rows.push(
          `| ${name} | ${label} | ${figures(page)} | ${page.rps.toFixed(1)} | ` +
            Object.values(baselines)
              .map((b, i) => `${figures(b)} | ${ratios[i]}`)
              .join(' | ') +
            ` | ${loadBefore} → ${loadAfter} |`,
        )
        console.log(
          `${name}, ${label}: page p50/p95/p99 ${figures(page)} ms (${page.count} requests, ${page.rps.toFixed(1)}/s); ` +
            Object.entries(baselines)
              .map(([what, b], i) => `${what} ${figures(b)} ms (${b.rps.toFixed(1)}/s), page/this p95 ${ratios[i]}`)
              .join('; ') +
            `; load average ${loadBefore} → ${loadAfter}`,
        )
      }
    }
    console.log(
      `\nconsole workers: ${WORKERS}; bare loader over HTTP: ${WORKERS} processes; in-process loader: this one process; ${CONCURRENCY} users`,
    )
    console.log(
      "\n| page | load | page p50 / p95 / p99 (ms) | page req/s | in-process loader p50 / p95 / p99 (ms) | ratio (p95) | loader over HTTP p50 / p95 / p99 (ms) | ratio (p95) | console's data request p50 / p95 / p99 (ms) | ratio (p95) | load average |\n" +
        '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    )
    console.log(rows.join('\n'))
  } finally {
    await server.stop()
    bare.kill('SIGTERM')
  }
} finally {
  await t.drop()
}
