// Benchmark (issue 14): the project usage page (/projects/{namespace}/usage, decision 0051) at 50
// users at human pace, through the real console (bin/serve.mjs: session, authorisation, the
// loader's reads, the charts' geometry, rendering), against the same loader run in-process at the
// same concurrency (the reads and the charts, no HTTP) and the console's data request for the
// route (what a client-side navigation fetches: no layout, no rendering). Each request takes the
// next of the seeded projects and cycles through the three resolutions (48 hours, 31 days, 12
// months). The usage tables hold a year of hours for every seeded project (8 resources) and a year
// of day rollups (the only rollups kept) for them and 500 more projects, so the page is measured over a history
// it must not scan. Prints p50/p95/p99, requests per second and the page's p95 against each.
//
//   npx tsx bench/usage-page.ts [--think-seconds 30] [--think-ms 1500] [--concurrency 50] [--workers N] [--skip-build]
//
// Needs the local stack's PostgreSQL and Keycloak (the console discovers Keycloak at first use).
import { availableParallelism } from 'node:os'
import { parseArgs } from 'node:util'
import { projectUsage } from '#server/metering/usage-history'
import { RESOLUTIONS, windowEndingAt } from '#server/metering/usage-series'
import { usageChartsOf } from '#app/routes/projects.$namespace_.usage/usage.server'
import { DEFAULT_METERING_PERIOD_SECONDS } from '#server/config/metrics'
import { buildConsole, startConsoleServer } from '../tests/helpers/console-server'
import { createTestDatabase, ensureTemplateDatabase, seedDatabase } from '../tests/helpers/database'
import { figures, load1, load, type Figures } from './concurrent-load'
import { operatorSession } from './operator-session'

const { values } = parseArgs({
  options: {
    'think-seconds': { type: 'string', default: '30' },
    'think-ms': { type: 'string', default: '1500' },
    concurrency: { type: 'string', default: '50' },
    workers: { type: 'string', default: String(availableParallelism()) },
    'skip-build': { type: 'boolean', default: false },
  },
})
const SECONDS = Number(values['think-seconds'])
const THINK_MS = Number(values['think-ms'])
const USERS = Number(values.concurrency)
const WORKERS = Number(values.workers)
const RESOURCES = [
  'cpu',
  'memory',
  'pods',
  'objectStorage',
  'buckets',
  'backupStorage',
  'volume:standard',
  'volume:fast',
]

await ensureTemplateDatabase()
const t = await createTestDatabase({ poolSize: USERS })
try {
  await seedDatabase(t.url)
  const projects = await t.db.project.findMany({ select: { id: true, namespace: true }, orderBy: { id: 'asc' } })
  const fillStart = performance.now()
  // A year of hours for the seeded projects; a year of days for them and 500 others.
  await t.db.$executeRaw`
    INSERT INTO "UsageRecord" ("projectId", "resource", "hour", "revision", "granted", "requested", "used", "usedPeak")
    SELECT p, r, h, 0, 4000, 2000, 1000 + (extract(hour FROM h)::int * 37) % 1500, 2600
      FROM unnest(${projects.map((p) => p.id)}::uuid[]) p, unnest(${RESOURCES}::text[]) r,
           generate_series(date_trunc('hour', now()) - interval '365 days', date_trunc('hour', now()) - interval '1 hour', interval '1 hour') h`
  const others = Array.from({ length: 500 }, () => crypto.randomUUID())
  await t.db.$executeRaw`
    INSERT INTO "UsageRollup" ("projectId", "resource", "period", "start", "hours", "usedHours", "usedSum", "usedPeak",
                               "requestedHours", "requestedSum", "grantedHours", "grantedSum", "maxRequestedUsedSum")
    SELECT p, r, 'day', d, 24, 22, 22 * 1500, 2600, 24, 24 * 2000, 24, 24 * 4000, 24 * 2000
      FROM unnest(${[...projects.map((p) => p.id), ...others]}::uuid[]) p, unnest(${RESOURCES}::text[]) r,
           generate_series(now()::date - 365, now()::date, interval '1 day') d`
  // Fresh statistics, as autovacuum would have them after such a load.
  await t.db.$executeRawUnsafe('ANALYZE "UsageRecord"')
  await t.db.$executeRawUnsafe('ANALYZE "UsageRollup"')
  const counts = await t.db.$queryRaw<{ records: bigint; rollups: bigint }[]>`
    SELECT (SELECT count(*) FROM "UsageRecord") AS records, (SELECT count(*) FROM "UsageRollup") AS rollups`
  console.log(
    `${projects.length} projects; ${counts[0]?.records} hourly records, ${counts[0]?.rollups} rollups written in ${((performance.now() - fillStart) / 1000).toFixed(1)} s`,
  )

  const { secret, cookie } = await operatorSession(t.db)
  if (!values['skip-build']) await buildConsole()
  const server = await startConsoleServer({ databaseUrl: t.url, workers: WORKERS, env: { SESSION_SECRET: secret } })
  try {
    let next = 0
    const pick = () => {
      const i = next++
      return { project: projects[i % projects.length]!, resolution: RESOLUTIONS[i % RESOLUTIONS.length]! }
    }
    const get = (data: boolean) => async () => {
      const { project, resolution } = pick()
      const path = `/projects/${project.namespace}/usage${data ? '.data' : ''}?resolution=${resolution}${
        data ? '&_routes=routes%2Fprojects.%24namespace_.usage' : ''
      }`
      const res = await fetch(`${server.url}${path}`, { headers: { cookie }, redirect: 'manual' })
      if (res.status !== 200) throw new Error(`${path} answered ${res.status}:\n${server.output().slice(-2000)}`)
      await res.arrayBuffer()
    }
    const inProcess = async () => {
      const { project, resolution } = pick()
      const usage = await projectUsage(t.db, project.id, resolution, windowEndingAt(resolution, new Date()))
      usageChartsOf(usage, resolution, 'vi', { now: new Date(), periodSeconds: DEFAULT_METERING_PERIOD_SECONDS })
    }
    for (const warm of [get(false), get(true), inProcess])
      await Promise.all(
        Array.from({ length: 10 }, async () => {
          for (let i = 0; i < 30; i++) await warm()
        }),
      )
    // One request at a time per resolution: what each costs without the queueing of 50 users.
    const alone: string[] = []
    for (const resolution of RESOLUTIONS) {
      const median = async (work: () => Promise<unknown>) => {
        const times: number[] = []
        for (let i = 0; i < 30; i++) {
          const start = performance.now()
          await work()
          times.push(performance.now() - start)
        }
        return times.sort((a, b) => a - b)[15]!.toFixed(1)
      }
      const project = projects[0]!
      const inProc = await median(async () =>
        usageChartsOf(
          await projectUsage(t.db, project.id, resolution, windowEndingAt(resolution, new Date())),
          resolution,
          'vi',
          { now: new Date(), periodSeconds: DEFAULT_METERING_PERIOD_SECONDS },
        ),
      )
      const viaPage = await median(async () => {
        const res = await fetch(`${server.url}/projects/${project.namespace}/usage?resolution=${resolution}`, {
          headers: { cookie },
        })
        await res.arrayBuffer()
      })
      alone.push(`${resolution}: loader ${inProc} ms, page ${viaPage} ms`)
    }
    console.log(`one request at a time (median of 30): ${alone.join('; ')}`)
    const loadBefore = load1()
    const baselines: Record<string, Figures> = {
      'in-process loader': await load(USERS, inProcess, SECONDS, THINK_MS),
      "console's data request": await load(USERS, get(true), SECONDS, THINK_MS),
    }
    const page = await load(USERS, get(false), SECONDS, THINK_MS)
    const loadAfter = load1()
    const ratios = Object.values(baselines).map((b) => `${(page.p95 / b.p95).toFixed(2)}×`)
    console.log(
      `project usage page, ${USERS} users at human pace (think time exp. mean ${THINK_MS} ms), ${WORKERS} console workers: ` +
        `page p50/p95/p99 ${figures(page)} ms (${page.count} requests, ${page.rps.toFixed(1)}/s); ` +
        Object.entries(baselines)
          .map(([what, b], i) => `${what} ${figures(b)} ms (${b.rps.toFixed(1)}/s), page/this p95 ${ratios[i]}`)
          .join('; ') +
        `; load average ${loadBefore} → ${loadAfter}`,
    )
    console.log(
      `\n| page p50 / p95 / p99 (ms) | req/s | in-process loader p50 / p95 / p99 | ratio (p95) | data request p50 / p95 / p99 | ratio (p95) | load average |\n| --- | --- | --- | --- | --- | --- | --- |\n` +
        `| ${figures(page)} | ${page.rps.toFixed(1)} | ${figures(baselines['in-process loader']!)} | ${ratios[0]} | ${figures(baselines["console's data request"]!)} | ${ratios[1]} | ${loadBefore} → ${loadAfter} |`,
    )
  } finally {
    await server.stop()
  }
} finally {
  await t.drop()
}
