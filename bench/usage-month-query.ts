// Why the usage page's month view cost 262 ms one request at a time in bench/usage-page.ts while the
// page's p95 under load was 49 ms (docs/benchmarks.md, 2026-12-07 03:53). In a database of its own,
// the same tables as that bench made them (a year of hours for 10 projects × 8 resources, 700,800
// records; a year of day rollups for them and 500 more, 1.49 million rows; then ANALYZE only): the
// month view's query (monthRollupsOfProjects, 12 months of one project)
// - EXPLAIN (ANALYZE, BUFFERS) with JIT as the server has it, and with `jit = off`;
// - timed through the console's own client on a pool of 50 (the in-process loader's), 30 times in a
//   row, every 15 s for three minutes from the load, beside what autovacuum is doing then;
// - the same after VACUUM, with JIT on and with `jit = off` for the database.
//
//   node --import tsx bench/usage-month-query.ts
import pg from 'pg'
import { createDb } from '../server/db/client'
import { monthRollupsOfProjects } from '../server/metering/rollups'
import { windowEndingAt } from '../server/metering/usage-series'
import { createTestDatabase, ensureTemplateDatabase } from '../tests/helpers/database'
import { makeAgency, makeProject } from '../tests/helpers/fixtures'

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
const t = await createTestDatabase()
const owner = new pg.Client({ connectionString: t.ownerUrl })
await owner.connect()

/** The month view's query as monthRollupsOfProjects sends it, with its values written in. */
function monthQuery(projectId: string, from: string, to: string): string {
  return `SELECT "projectId"::text AS "projectId", "resource", to_char(date_trunc('month', "start"), 'YYYY-MM-DD') AS month,
           sum("hours")::int AS "hours", sum("usedHours")::int AS "usedHours", sum("usedSum")::bigint AS "usedSum",
           max("usedPeak") AS "usedPeak", sum("requestedHours")::int AS "requestedHours",
           sum("requestedSum")::bigint AS "requestedSum", sum("grantedHours")::int AS "grantedHours",
           sum("grantedSum")::bigint AS "grantedSum", sum("maxRequestedUsedSum")::bigint AS "maxRequestedUsedSum"
      FROM "UsageRollup"
     WHERE "projectId" = ANY('{${projectId}}'::uuid[]) AND "period" = 'day'
       AND "start" >= '${from}'::date AND "start" < '${to}'::date
     GROUP BY 1, 2, 3
     ORDER BY 1, 2, 3`
}

/** What autovacuum is doing in the database now, and what it has done to the two tables. */
async function autovacuum(): Promise<string> {
  const running = await owner.query<{ query: string }>(
    `SELECT query FROM pg_stat_activity WHERE backend_type = 'autovacuum worker' AND datname = $1`,
    [t.name],
  )
  const tables = await owner.query<{ relname: string; autovacuums: string; autoanalyzes: string }>(
    `SELECT relname, autovacuum_count AS autovacuums, autoanalyze_count AS autoanalyzes FROM pg_stat_user_tables
      WHERE relname IN ('UsageRecord', 'UsageRollup') ORDER BY relname`,
  )
  return `autovacuum now: ${running.rows.map((r) => r.query).join(', ') || 'none'}; done: ${tables.rows
    .map((r) => `${r.relname} ${r.autovacuums} vacuum(s) ${r.autoanalyzes} analyze(s)`)
    .join(', ')}`
}

async function timings(url: string, poolSize: number, projectId: string): Promise<string> {
  const db = createDb(url, { poolSize })
  const window = windowEndingAt('month', new Date())
  const times: number[] = []
  try {
    // As the bench's warm-up: every connection of the pool opened once.
    await Promise.all(Array.from({ length: poolSize }, () => db.$queryRaw`SELECT pg_sleep(0.05)::text`))
    for (let i = 0; i < 30; i++) {
      const started = performance.now()
      await monthRollupsOfProjects(db, [projectId], window.from, window.to)
      times.push(performance.now() - started)
    }
  } finally {
    await db.$disconnect()
  }
  times.sort((a, b) => a - b)
  return `median ${times[15]!.toFixed(1)} ms, slowest ${times.at(-1)!.toFixed(1)} ms`
}

try {
  const agency = await makeAgency(t.db)
  const projects: string[] = []
  for (let i = 0; i < 10; i++) projects.push(await makeProject(t.db, agency, { name: `Hệ thống ${i}` }))
  const others = Array.from({ length: 500 }, () => crypto.randomUUID())
  await t.db.$executeRaw`
    INSERT INTO "UsageRecord" ("projectId", "resource", "hour", "revision", "granted", "requested", "used", "usedPeak")
    SELECT p, r, h, 0, 4000, 2000, 1000 + (extract(hour FROM h)::int * 37) % 1500, 2600
      FROM unnest(${projects}::uuid[]) p, unnest(${RESOURCES}::text[]) r,
           generate_series(date_trunc('hour', now()) - interval '365 days', date_trunc('hour', now()) - interval '1 hour', interval '1 hour') h`
  await t.db.$executeRaw`
    INSERT INTO "UsageRollup" ("projectId", "resource", "period", "start", "hours", "usedHours", "usedSum", "usedPeak",
                               "requestedHours", "requestedSum", "grantedHours", "grantedSum", "maxRequestedUsedSum")
    SELECT p, r, 'day', d, 24, 22, 22 * 1500, 2600, 24, 24 * 2000, 24, 24 * 4000, 24 * 2000
      FROM unnest(${[...projects, ...others]}::uuid[]) p, unnest(${RESOURCES}::text[]) r,
           generate_series(now()::date - 365, now()::date, interval '1 day') d`
  await owner.query('ANALYZE "UsageRecord"')
  await owner.query('ANALYZE "UsageRollup"')
  const loaded = performance.now()
  const window = windowEndingAt('month', new Date())
  const sql = monthQuery(projects[0]!, window.from, window.to)
  for (const jit of ['on', 'off']) {
    await owner.query(`SET jit = ${jit}`)
    await owner.query(sql)
    const { rows } = await owner.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`)
    console.log(`EXPLAIN (ANALYZE, BUFFERS), jit = ${jit}:\n${rows.map((r) => `  ${r['QUERY PLAN']}`).join('\n')}`)
  }
  while (performance.now() - loaded < 180_000) {
    const at = ((performance.now() - loaded) / 1000).toFixed(0)
    const month = await timings(t.url, 50, projects[0]!)
    console.log(`${at} s after the load: monthRollupsOfProjects ${month}; ${await autovacuum()}`)
    await new Promise((resolve) => setTimeout(resolve, 15_000))
  }
  await owner.query('VACUUM "UsageRecord", "UsageRollup"')
  console.log(`after VACUUM: ${await timings(t.url, 50, projects[0]!)}`)
  await owner.query(`ALTER DATABASE "${t.name}" SET jit = off`)
  console.log(`after VACUUM, jit = off for the database: ${await timings(t.url, 50, projects[0]!)}`)
} finally {
  await owner.end()
  await t.drop()
}
