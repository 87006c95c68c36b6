// The metering's write path (decision 0047) against a bare COPY, and the job's memory as projects
// grow. In a database of its own:
// 1. ingest: 10,000 projects (time-ordered ids, as uuid(7) makes them) × 8 resources for one hour through the job's write path (the hour's
//    recorded revisions read per page, plan.ts, each page COPYed into the hour's stage and the hour
//    appended with its rollups by one statement (append.ts): 200 projects a page, as the job pages) against psql's \copy of the same 80,000 rows into the same table, for
//    another hour, in the same run; twice, alternating which goes first. Then a rerun of an hour
//    already written (it appends nothing).
// 2. memory: the whole job (meterHour: the database's facts and the store's seven questions per
//    page, against the stack's VictoriaMetrics) over 1,000 and then 10,000 projects; the heap's
//    peak above where it started, sampled every 20 ms, and the resident set's.
//
//   node --expose-gc --import tsx bench/usage-ingest.ts [--projects 10000]
import { spawn } from 'node:child_process'
import { parseArgs } from 'node:util'
import { openHourWrite, type AppendRow } from '../server/metering/append'
import { recordedHours, recordKey } from '../server/metering/facts'
import { HOUR_MS, hourStart } from '../server/metering/hours'
import { meterHour } from '../server/metering/job'
import { planRevision, type HourValues } from '../server/metering/plan'
import { createTestDatabase, ensureTemplateDatabase } from '../tests/helpers/database'
import { GiB, makeAgency, makePools } from '../tests/helpers/fixtures'
import { connectStackMetrics } from '../tests/helpers/platform'

const { values } = parseArgs({ options: { projects: { type: 'string', default: '10000' } } })
const PROJECTS = Number(values.projects)
const PAGE = 200
const RESOURCES = [
  'cpu',
  'memory',
  'pods',
  'volume:standard',
  'volume:fast',
  'objectStorage',
  'buckets',
  'backupStorage',
]

await ensureTemplateDatabase()
const t = await createTestDatabase({ poolSize: 4 })
const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined)

/** Project ids as the console makes them (uuid(7): time-ordered, so an index of them grows at its end). */
function uuidv7(ms: number): string {
  const hex = ms.toString(16).padStart(12, '0') + '7' + crypto.randomUUID().replace(/-/g, '').slice(13, 32)
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`
}

/** What one project measured in an hour: made-up but varied, every field set. */
function valuesOf(i: number, r: number): HourValues {
  const base = BigInt((i * 7919 + r * 104_729) % 1_000_000)
  return { granted: base * 4n + 1000n, requested: base * 2n, used: base, usedPeak: base + 17n, refusal: null }
}

/** The job's write path over every project id for one hour: page by page staged, then appended at once. */
async function throughTheJob(ids: readonly string[], hour: Date): Promise<number> {
  const write = await openHourWrite(t.pool, hour)
  for (let p = 0; p < ids.length; p += PAGE) {
    const page = ids.slice(p, p + PAGE)
    const recorded = await recordedHours(t.db, page, hour)
    const rows: AppendRow[] = []
    page.forEach((projectId, j) =>
      RESOURCES.forEach((resource, r) => {
        const planned = planRevision(recorded.get(recordKey(projectId, resource)), valuesOf(p + j, r))
        if (planned) rows.push({ projectId, resource, planned })
      }),
    )
    await write.stage(rows)
  }
  return write.commit()
}

/** The same rows as CSV through psql's \copy into the same table. */
async function bareCopy(ids: readonly string[], hour: Date): Promise<void> {
  const lines: string[] = []
  ids.forEach((projectId, i) =>
    RESOURCES.forEach((resource, r) => {
      const v = valuesOf(i, r)
      lines.push(
        `${projectId},${hour.toISOString()},${resource},0,${v.granted},${v.requested},${v.used},${v.usedPeak},,${hour.toISOString()}`,
      )
    }),
  )
  const psql = spawn(
    'psql',
    [
      t.url,
      '-v',
      'ON_ERROR_STOP=1',
      '-qc',
      `\\copy "UsageRecord" ("projectId","hour","resource","revision","granted","requested","used","usedPeak","refusal","recordedAt") FROM STDIN WITH (FORMAT csv)`,
    ],
    { stdio: ['pipe', 'inherit', 'inherit'] },
  )
  psql.stdin.end(`${lines.join('\n')}\n`)
  const code = await new Promise<number | null>((resolve) => psql.on('close', resolve))
  if (code !== 0) throw new Error(`psql \\copy failed (${code})`)
}

async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now()
  await work()
  return (performance.now() - started) / 1000
}

/** Projects with an allocation and grants of the eight resources in the ledger, made in SQL. */
async function makeProjects(from: number, to: number, agencyId: string): Promise<void> {
  await t.db.$executeRaw`
    INSERT INTO "Project" ("id", "agencyId", "name", "slug", "namespace", "securityLevel", "contactName", "contactEmail", "updatedAt")
    SELECT gen_random_uuid(), ${agencyId}::uuid, 'Hệ thống ' || i, 'bench-' || i, 'bench-usage-' || i, 2, 'Nguyễn Văn An', 'an@example.gov.vn', now()
      FROM generate_series(${from}::int, ${to - 1}::int) AS i`
  await t.db.$executeRaw`
    INSERT INTO "Allocation" ("id", "projectId", "updatedAt")
    SELECT gen_random_uuid(), p."id", now() FROM "Project" p WHERE NOT EXISTS (SELECT 1 FROM "Allocation" a WHERE a."projectId" = p."id")`
  await t.db.$executeRaw`
    INSERT INTO "LedgerEntry" ("poolId", "projectId", "resource", "delta", "reason", "createdAt")
    SELECT r."poolId", p."id", r."resource", 1000, 'bench', now() - interval '1 day'
      FROM "Project" p CROSS JOIN "PoolResource" r
     WHERE p."slug" IN (SELECT 'bench-' || i FROM generate_series(${from}::int, ${to - 1}::int) AS i)`
}

try {
  const ids = Array.from({ length: PROJECTS }, (_, i) => uuidv7(Date.now() - (PROJECTS - i) * 60_000))
  const first = hourStart(new Date(Date.now() - 30 * 24 * HOUR_MS))
  const hourN = (n: number) => new Date(first.getTime() + n * HOUR_MS)
  console.log(
    `ingest: ${PROJECTS} projects × ${RESOURCES.length} resources = ${PROJECTS * RESOURCES.length} records an hour`,
  )
  const runs: { job: number; copy: number }[] = []
  for (const [n, jobFirst] of [
    [0, false],
    [2, true],
  ] as const) {
    let job = 0
    let copy = 0
    if (jobFirst) {
      job = await timed(() => throughTheJob(ids, hourN(n)))
      copy = await timed(() => bareCopy(ids, hourN(n + 1)))
    } else {
      copy = await timed(() => bareCopy(ids, hourN(n)))
      job = await timed(() => throughTheJob(ids, hourN(n + 1)))
    }
    runs.push({ job, copy })
    console.log(
      `  round ${runs.length} (${jobFirst ? 'job first' : 'COPY first'}): job ${job.toFixed(2)} s (${Math.round((PROJECTS * 8) / job)} records/s), COPY ${copy.toFixed(2)} s (${Math.round((PROJECTS * 8) / copy)} rows/s), job's rate ${(copy / job).toFixed(2)}× COPY's`,
    )
  }
  const rerun = await timed(async () => {
    const appended = await throughTheJob(ids, hourN(1))
    if (appended !== 0) throw new Error(`a rerun appended ${appended}`)
  })
  console.log(`  rerun of a written hour: ${rerun.toFixed(2)} s, 0 appended`)
  const jobTotal = runs.reduce((s, r) => s + r.job, 0)
  const copyTotal = runs.reduce((s, r) => s + r.copy, 0)
  console.log(`  over both rounds: job's rate ${(copyTotal / jobTotal).toFixed(2)}× COPY's (target ≥ 0.5×)`)

  await makePools(t.db, {
    cpu: 1_000_000n,
    memory: 10_000n * GiB,
    pods: 100_000n,
    'volume:standard': 10_000n * GiB,
    'volume:fast': 10_000n * GiB,
    objectStorage: 10_000n * GiB,
    buckets: 100_000n,
    backupStorage: 10_000n * GiB,
  })
  const agencyId = await makeAgency(t.db)
  const store = connectStackMetrics()
  let made = 0
  for (const [k, size] of [1_000, 10_000].entries()) {
    await makeProjects(made, size, agencyId)
    made = size
    gc()
    const heapStart = process.memoryUsage().heapUsed
    let heapPeak = heapStart
    let rssPeak = process.memoryUsage().rss
    const sampler = setInterval(() => {
      const m = process.memoryUsage()
      heapPeak = Math.max(heapPeak, m.heapUsed)
      rssPeak = Math.max(rssPeak, m.rss)
    }, 20)
    const hour = hourN(10 + k)
    const seconds = await timed(() => meterHour({ db: t.db, pool: t.pool, store }, hour))
    clearInterval(sampler)
    const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1)
    console.log(
      `memory: the job over ${size} projects: ${seconds.toFixed(1)} s, heap peak +${mb(heapPeak - heapStart)} MiB above its start (${mb(heapPeak)} MiB), resident peak ${mb(rssPeak)} MiB`,
    )
  }
} finally {
  await t.drop()
}
