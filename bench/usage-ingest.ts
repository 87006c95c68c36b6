// The metering's write path (decision 0047) against a bare COPY, and the job's memory as projects
// grow. In a database of its own:
// 1. ingest: 10,000 projects (time-ordered ids, as uuid(7) makes them) × 8 resources for each hour
//    of one local day through the job's write path (append.ts, decision 0074: under the hour's
//    lock, per page of 200 projects as the job pages, the hour's recorded revisions read, plan.ts,
//    the records COPYed into their table; the day's first hour COPYs its day rows beside them, the
//    other 23 stage their deltas and move the day rows by one MERGE), each hour against psql's
//    \copy of the same 80,000 rows into the same table for an hour of the day before, alternating
//    which goes first. The rate over the day is the figure (a day is the period over which the
//    job's work repeats); its first hour and the other 23 are printed apart. Then a rerun of an
//    hour already written (it appends nothing), and every day row checked against its records.
// 2. memory: the whole job (meterHour: the database's facts and the store's seven questions per
//    page, against the stack's VictoriaMetrics) over 1,000 and then 10,000 projects; the heap's
//    peak above where it started, sampled every 20 ms, and the resident set's.
//
//   node --expose-gc --import tsx bench/usage-ingest.ts [--projects 10000]
import { spawn } from 'node:child_process'
import { parseArgs } from 'node:util'
import { openHourWrite, stagePages, type AppendRow } from '../server/metering/append'
import { recordedHours, recordKey } from '../server/metering/facts'
import { HOUR_MS, localDay } from '../server/metering/hours'
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

/** The job's write path over every project id for one hour: page by page planned and appended as the job does (`stagePages`). */
async function throughTheJob(ids: readonly string[], hour: Date): Promise<number> {
  const write = await openHourWrite(t.pool, hour)
  async function* pages() {
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
      yield rows
    }
  }
  try {
    await stagePages(write, pages())
  } catch (error) {
    await write.rollback()
    throw error
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

/**
 * Every day row the job's hours wrote equals the sums of their records (the COPY's hours have none):
 * what the write path moved by COPY or MERGE, checked against what it appended. Local days are UTC+7.
 */
async function checkDayRows(jobHours: readonly Date[]): Promise<void> {
  const [found] = await t.db.$queryRaw<{ rows: bigint; wrong: bigint }[]>`
    SELECT count(*) AS rows, count(*) FILTER (WHERE e."hours" IS DISTINCT FROM r."hours" OR e."used" IS DISTINCT FROM r."usedSum"
             OR e."requested" IS DISTINCT FROM r."requestedSum" OR e."granted" IS DISTINCT FROM r."grantedSum"
             OR e."peak" IS DISTINCT FROM r."usedPeak") AS wrong
      FROM (SELECT "projectId", "resource", ("hour" + interval '7 hours')::date AS "day", count(*) AS "hours",
                   sum("used") AS "used", sum("requested") AS "requested", sum("granted") AS "granted", max("usedPeak") AS "peak"
              FROM "UsageRecord" WHERE "hour" = ANY(${jobHours.map((h) => utcText(h))}::timestamp[]) GROUP BY 1, 2, 3) e
      FULL JOIN (SELECT * FROM "UsageRollup" WHERE "period" = 'day') r
        ON r."projectId" = e."projectId" AND r."resource" = e."resource" AND r."start" = e."day"`
  if (!found || found.wrong !== 0n)
    throw new Error(`${found?.wrong} of ${found?.rows} day rows differ from their records`)
  console.log(`  checked: the ${found.rows} day rows equal their records' sums`)
}

const utcText = (at: Date) => at.toISOString().slice(0, 19).replace('T', ' ')

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
  // The job's hours are one whole local day, as the job writes them: its first hour inserts the day's
  // rows, the other 23 move them. A day is the period over which the job's work repeats, so the
  // rate over it is the job's sustained rate; each job hour is paired with a bare COPY of the same
  // rows into an hour of the day before, alternating which goes first.
  // localDay is the local date at 00:00 UTC; the local day starts 7 hours before that.
  const localMidnight = localDay(new Date(Date.now() - 30 * 24 * HOUR_MS)).getTime() - 7 * HOUR_MS
  const jobHour = (k: number) => new Date(localMidnight + k * HOUR_MS)
  const copyHour = (k: number) => new Date(localMidnight + (k - 24) * HOUR_MS)
  console.log(
    `ingest: ${PROJECTS} projects × ${RESOURCES.length} resources = ${PROJECTS * RESOURCES.length} records an hour, over a local day of 24 hours`,
  )
  const runs: { job: number; copy: number }[] = []
  for (let k = 0; k < 24; k++) {
    const jobFirst = k % 2 === 1
    let job = 0
    let copy = 0
    if (jobFirst) {
      job = await timed(() => throughTheJob(ids, jobHour(k)))
      copy = await timed(() => bareCopy(ids, copyHour(k)))
    } else {
      copy = await timed(() => bareCopy(ids, copyHour(k)))
      job = await timed(() => throughTheJob(ids, jobHour(k)))
    }
    runs.push({ job, copy })
  }
  const ratio = (of: readonly { job: number; copy: number }[]) =>
    of.reduce((s, r) => s + r.copy, 0) / of.reduce((s, r) => s + r.job, 0)
  const seconds = (of: readonly { job: number; copy: number }[], key: 'job' | 'copy') =>
    `${Math.min(...of.map((r) => r[key])).toFixed(2)}–${Math.max(...of.map((r) => r[key])).toFixed(2)} s`
  const [firstHour, ...moving] = runs
  console.log(
    `  the day's first hour (inserts the day rows): job ${firstHour!.job.toFixed(2)} s, COPY ${firstHour!.copy.toFixed(2)} s, job's rate ${ratio([firstHour!]).toFixed(2)}× COPY's`,
  )
  console.log(
    `  its other 23 hours (move the day rows): job ${seconds(moving, 'job')}, COPY ${seconds(moving, 'copy')}, job's rate ${ratio(moving).toFixed(2)}× COPY's (per hour ${Math.min(...moving.map((r) => r.copy / r.job)).toFixed(2)}–${Math.max(...moving.map((r) => r.copy / r.job)).toFixed(2)}×)`,
  )
  const rerun = await timed(async () => {
    const appended = await throughTheJob(ids, jobHour(0))
    if (appended !== 0) throw new Error(`a rerun appended ${appended}`)
  })
  console.log(`  rerun of a written hour: ${rerun.toFixed(2)} s, 0 appended`)
  await checkDayRows(runs.map((_, k) => jobHour(k)))
  console.log(`  over the day: job's rate ${ratio(runs).toFixed(2)}× COPY's (target ≥ 0.5×)`)

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
    const hour = jobHour(34 + k)
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
