// The metering's records against the real database and the stack's time-series store, from
// samples this file writes into past hours of namespaces and buckets of its own (as a scraper would
// have): the hour's figures exactly, a rerun that appends nothing, a late scrape that appends a
// correction the rollups follow, readings refused with their reason and nothing recorded lost, two
// passes racing over one hour without counting it twice, and the job's bookkeeping of hours.
import { randomUUID } from 'node:crypto'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { dataBucketNames } from '#server/domain/bucket-names'
import { appendHour } from '#server/metering/append'
import { localMonthOf } from '#server/domain/local-calendar'
import { recordedHours, recordKey } from '#server/metering/facts'
import { HOUR_MS, hourStart, localDay } from '#server/metering/hours'
import { planRevision } from '#server/metering/plan'
import { meterHour, runMetering, type MeteringDeps } from '#server/metering/job'
import { monthRollupsOf } from '#server/metering/rollups'
import { connectTimeSeriesStore } from '#server/platform/metrics/time-series'
import { createTestDatabase, type TestDatabase } from '../../helpers/database'
import { GiB, makeAgency, makePools, makeUser } from '../../helpers/fixtures'
import { importSamples } from '../../helpers/platform'
import { approvedProject, ROOMY_POOLS } from '../../helpers/provisioning'
import { requireStackSetting } from '../../helpers/stack-env'

const MiB = 1024 ** 2
let t: TestDatabase
let deps: MeteringDeps
const logged: string[] = []
const projects: Record<'steady' | 'broken' | 'skewed', { projectId: string; namespace: string }> = {} as never
// Three hours back: complete, settled, and in no other test's way.
const hour = new Date(hourStart(new Date()).getTime() - 3 * HOUR_MS)
const h = hour.getTime()

/** A series over the hour every 15 s, from the hour's start (the counter's base) to its end. */
function series(
  name: string,
  labels: Record<string, string>,
  value: (secondsIn: number) => number,
  from = 0,
): string[] {
  const text = Object.entries(labels)
    .map(([k, v]) => `${k}="${v}"`)
    .join(',')
  const out: string[] = []
  for (let s = from; s <= 3600; s += 15) out.push(`${name}{${text}} ${value(s)} ${h + s * 1000}`)
  return out
}
const kubelet = (namespace: string, pod: string) => ({ job: 'kubelet-resource', namespace, pod })

async function records(projectId: string) {
  return t.db.usageRecord.findMany({ where: { projectId, hour }, orderBy: [{ resource: 'asc' }, { revision: 'asc' }] })
}

/** Each rollup equals the sums of the current records of its hours: nothing counted twice or lost. */
async function expectRollupsTrue(): Promise<void> {
  const drift = await t.db.$queryRaw<unknown[]>`
    WITH cur AS (
      SELECT DISTINCT ON ("projectId", "hour", "resource") * FROM "UsageRecord" ORDER BY "projectId", "hour", "resource", "revision" DESC
    ), sums AS (
      SELECT "projectId", "resource", (("hour" + interval '7 hours')::date) AS day, count(*)::int AS hours,
             coalesce(sum("used"), 0)::bigint AS used, count("used")::int AS used_hours, max("usedPeak") AS peak,
             coalesce(sum(GREATEST("requested", "used")), 0)::bigint AS occupied,
             coalesce(sum("requested") FILTER (WHERE "used" IS NULL), 0)::bigint AS unmeasured_requested
        FROM cur GROUP BY 1, 2, 3)
    SELECT * FROM sums s FULL JOIN (SELECT * FROM "UsageRollup" WHERE "period" = 'day') r
        ON r."projectId" = s."projectId" AND r."resource" = s."resource" AND r."start" = s.day
     WHERE s.hours IS DISTINCT FROM r."hours" OR s.used IS DISTINCT FROM r."usedSum"
        OR s.used_hours IS DISTINCT FROM r."usedHours" OR s.peak IS DISTINCT FROM r."usedPeak"
        OR s.occupied IS DISTINCT FROM r."maxRequestedUsedSum"
        OR s.unmeasured_requested IS DISTINCT FROM r."unmeasuredRequestedSum"`
  expect(drift).toEqual([])
  await expectMonthsTrue()
}

/** Each month as rollups.ts reads it (the sum of its days) equals the sums of its current records. */
async function expectMonthsTrue(): Promise<void> {
  const sums = await t.db.$queryRaw<{ projectId: string; month: string; resource: string }[]>`
    WITH cur AS (
      SELECT DISTINCT ON ("projectId", "hour", "resource") * FROM "UsageRecord" ORDER BY "projectId", "hour", "resource", "revision" DESC
    )
    SELECT "projectId"::text AS "projectId", "resource", to_char(date_trunc('month', "hour" + interval '7 hours'), 'YYYY-MM-DD') AS month,
           count(*)::int AS hours, count("used")::int AS "usedHours", coalesce(sum("used"), 0)::bigint AS "usedSum",
           max("usedPeak") AS "usedPeak", count("requested")::int AS "requestedHours",
           coalesce(sum("requested"), 0)::bigint AS "requestedSum", count("granted")::int AS "grantedHours",
           coalesce(sum("granted"), 0)::bigint AS "grantedSum",
           coalesce(sum(GREATEST("requested", "used")), 0)::bigint AS "maxRequestedUsedSum"
      FROM cur GROUP BY 1, 2, 3 ORDER BY 1, 2`
  const months = [...new Set(sums.map((s) => s.month))]
  const projectIds = [...new Set(sums.map((s) => s.projectId))]
  const read = (
    await Promise.all(
      months.map(async (month) => (await monthRollupsOf(t.db, projectIds, month)).map((row) => ({ ...row, month }))),
    )
  ).flat()
  const key = (r: { projectId: string; month: string; resource: string }) => `${r.month} ${r.projectId} ${r.resource}`
  expect(read.sort((a, b) => key(a).localeCompare(key(b)))).toEqual(
    [...sums].sort((a, b) => key(a).localeCompare(key(b))),
  )
}

beforeAll(async () => {
  t = await createTestDatabase()
  await makePools(t.db, { ...ROOMY_POOLS, backupStorage: 100n * GiB })
  const agencyId = await makeAgency(t.db)
  const requesterId = await makeUser(t.db, 'Nguyễn Văn An')
  const operatorId = await makeUser(t.db)
  const lines = { cpu: 2000n, memory: 4n * GiB, pods: 10n, objectStorage: 10n * GiB, buckets: 1n }
  for (const name of ['steady', 'broken', 'skewed'] as const)
    projects[name] = await approvedProject(t.db, { agencyId, requesterId, operatorId, lines })
  // The grants were made now; dated a day back (as the superuser, past the ledger's append-only
  // trigger) they stand in the metered hour.
  const admin = new pg.Client({ connectionString: t.adminUrl })
  await admin.connect()
  await admin.query(`SET session_replication_role = replica`)
  await admin.query(`UPDATE "LedgerEntry" SET "createdAt" = "createdAt" - interval '1 day'`)
  await admin.end()
  deps = {
    db: t.db,
    pool: t.pool,
    store: connectTimeSeriesStore({
      url: requireStackSetting('METRICS_URL'),
      username: requireStackSetting('METRICS_USERNAME'),
      password: requireStackSetting('METRICS_PASSWORD'),
      noCache: true,
    }),
    log: (line) => logged.push(line),
  }
  const { steady, broken, skewed } = projects
  await importSamples([
    // 250 millicores all hour; 100 MiB; 5 MB in the data bucket.
    ...series('pod_cpu_usage_seconds_total', kubelet(steady.namespace, 'web'), (s) => 0.25 * s),
    ...series('pod_memory_working_set_bytes', kubelet(steady.namespace, 'web'), () => 100 * MiB),
    ...series('SeaweedFS_s3_bucket_size_bytes', { bucket: dataBucketNames(steady.namespace, 1)[0]! }, () => 5_000_000),
    // A counter that grew by a billion CPU seconds and a negative working set.
    ...series('pod_cpu_usage_seconds_total', kubelet(broken.namespace, 'web'), (s) => 1e9 * (s / 3600)),
    ...series('pod_memory_working_set_bytes', kubelet(broken.namespace, 'web'), () => -5),
    ...series('pod_memory_working_set_bytes', kubelet(skewed.namespace, 'web'), () => 64 * MiB),
    // The skewed sender's clock runs 30 minutes fast: its newest samples lie in the future.
    `pod_memory_working_set_bytes{job="kubelet-resource",namespace="${skewed.namespace}",pod="web"} ${64 * MiB} ${Date.now() + 30 * 60_000}`,
  ])
}, 60_000)

afterAll(async () => {
  await t?.drop()
})

describe('the records of an hour', () => {
  it("records the hour's average use, the grant at its end, and the bucket's bytes, in canonical units", async () => {
    const report = await meterHour(deps, hour)
    expect(report.projects).toBe(3)
    const steady = await records(projects.steady.projectId)
    const byResource = Object.fromEntries(steady.map((r) => [r.resource, r]))
    expect(Object.keys(byResource).sort()).toEqual(['buckets', 'cpu', 'memory', 'objectStorage', 'pods'])
    expect(byResource.cpu).toMatchObject({ revision: 0, granted: 2000n, used: 250n, usedPeak: null, refusal: null })
    expect(byResource.memory).toMatchObject({ granted: 4n * GiB, used: BigInt(100 * MiB), usedPeak: BigInt(100 * MiB) })
    expect(byResource.objectStorage).toMatchObject({ granted: 10n * GiB, used: 5_000_000n, usedPeak: 5_000_000n })
    expect(byResource.buckets).toMatchObject({ granted: 1n, used: 1n })
    // Nothing asked the quota within the hour: requested is not known, and says so.
    expect(byResource.pods).toMatchObject({ granted: 10n, requested: null, used: null })
    await expectRollupsTrue()
  }, 60_000)

  it('appends nothing when the hour is passed over again with the same samples', async () => {
    const before = await t.db.usageRecord.count()
    expect((await meterHour(deps, hour)).appended).toBe(0)
    expect(await t.db.usageRecord.count()).toBe(before)
  }, 60_000)

  it('refuses impossible readings with their reason and records them as not measured', async () => {
    const broken = Object.fromEntries((await records(projects.broken.projectId)).map((r) => [r.resource, r]))
    expect(broken.cpu).toMatchObject({ used: null, refusal: 'over_capacity', granted: 2000n })
    expect(broken.memory).toMatchObject({ used: null, refusal: 'negative' })
    const skewed = Object.fromEntries((await records(projects.skewed.projectId)).map((r) => [r.resource, r]))
    expect(skewed.memory).toMatchObject({ used: null, usedPeak: null, refusal: 'clock_skew' })
    expect(logged.some((l) => l.includes(projects.broken.namespace) && l.includes('over_capacity'))).toBe(true)
  })

  it('appends a correction for a late scrape, and the rollups follow it without counting the hour twice', async () => {
    // A second pod's 50 MiB all hour, scraped late.
    await importSamples(
      series('pod_memory_working_set_bytes', kubelet(projects.steady.namespace, 'worker'), () => 50 * MiB),
    )
    expect((await meterHour(deps, hour)).appended).toBe(1)
    const memory = (await records(projects.steady.projectId)).filter((r) => r.resource === 'memory')
    expect(memory.map((r) => [r.revision, r.used])).toEqual([
      [0, BigInt(100 * MiB)],
      [1, BigInt(150 * MiB)],
    ])
    const [month] = await monthRollupsOf(t.db, [projects.steady.projectId], localMonthOf(hour)).then((rows) =>
      rows.filter((r) => r.resource === 'memory'),
    )
    expect(month).toMatchObject({ hours: 1, usedHours: 1, usedSum: BigInt(150 * MiB), usedPeak: BigInt(150 * MiB) })
    await expectRollupsTrue()
  }, 60_000)

  it('loses nothing recorded when a later pass finds the sender skewed', async () => {
    await importSamples([
      `pod_memory_working_set_bytes{job="kubelet-resource",namespace="${projects.steady.namespace}",pod="web"} 1 ${Date.now() + 30 * 60_000}`,
    ])
    const before = await records(projects.steady.projectId)
    expect((await meterHour(deps, hour)).appended).toBe(0)
    expect(await records(projects.steady.projectId)).toEqual(before)
  }, 60_000)

  it('counts an hour once when two passes race over it', async () => {
    const earlier = new Date(h - HOUR_MS)
    const [a, b] = await Promise.all([meterHour(deps, earlier), meterHour(deps, earlier)])
    const stored = await t.db.usageRecord.count({ where: { hour: earlier } })
    expect(a.appended + b.appended).toBe(stored)
    expect(await t.db.usageRecord.count({ where: { hour: earlier, revision: { gt: 0 } } })).toBe(0)
    await expectRollupsTrue()
  }, 60_000)
})

describe('the write path', () => {
  it("works a lowered peak out again from the day's current hours; the month's is its highest day's", async () => {
    const projectId = crypto.randomUUID()
    const write = async (hourAt: Date, usedPeak: bigint) => {
      const current = (await recordedHours(t.db, [projectId], hourAt)).get(recordKey(projectId, 'memory'))
      const planned = planRevision(current, { granted: null, requested: null, used: 1n, usedPeak, refusal: null })
      return appendHour(t.pool, hourAt, planned ? [{ projectId, resource: 'memory', planned }] : [])
    }
    const other = new Date(h - 2 * HOUR_MS)
    expect(await write(other, 200n)).toBe(1)
    expect(await write(hour, 300n)).toBe(1)
    // A correction lowers the peak of `hour` from 300 to 100: the day's peak is the other hour's.
    expect(await write(hour, 100n)).toBe(1)
    const rollups = await t.db.usageRollup.findMany({ where: { projectId }, orderBy: { period: 'asc' } })
    const sameDay = localDay(other).getTime() === localDay(hour).getTime()
    expect(rollups.find((r) => r.period === 'day' && r.start.getTime() === localDay(hour).getTime())?.usedPeak).toBe(
      sameDay ? 200n : 100n,
    )
    const sameMonth = localMonthOf(other) === localMonthOf(hour)
    expect((await monthRollupsOf(t.db, [projectId], localMonthOf(hour)))[0]?.usedPeak).toBe(sameMonth ? 200n : 100n)
    expect(rollups.every((r) => r.period === 'day')).toBe(true)
    // The write path keeps days: a month gets rows only once closed (month-rows.test.ts, decision 0062).
    await expectRollupsTrue()
  })
})

describe('a page of long names', () => {
  it('asks the store in chunks within its query length: 200 projects with 63-character namespaces', async () => {
    const agencyId = await makeAgency(t.db)
    // A namespace as long as Kubernetes allows; its buckets' names are longer still. A token of
    // this run's own: the store is shared, and another run's samples of the same name at the
    // earlier hour would be measured there.
    const run = randomUUID().slice(0, 4)
    const long = (i: number) =>
      `ubnd-xa-dong-dang-he-thong-quan-ly-van-ban-va-dieu-${run}-${String(i).padStart(7, '0')}`
    await t.db.$executeRaw`
      INSERT INTO "Project" ("id", "agencyId", "name", "slug", "namespace", "securityLevel", "contactName", "contactEmail", "updatedAt")
      SELECT gen_random_uuid(), ${agencyId}::uuid, 'Hệ thống ' || i, 'long-' || i, ${long(0).slice(0, -7)} || lpad(i::text, 7, '0'),
             2, 'Nguyễn Văn An', 'an@example.gov.vn', now()
        FROM generate_series(1, 200) AS i`
    await t.db.$executeRaw`
      INSERT INTO "Allocation" ("id", "projectId", "updatedAt")
      SELECT gen_random_uuid(), p."id", now() FROM "Project" p WHERE p."slug" LIKE 'long-%'`
    expect(long(1)).toHaveLength(63)
    const last = await t.db.project.findFirstOrThrow({ where: { slug: 'long-200' } })
    await importSamples(series('pod_memory_working_set_bytes', kubelet(last.namespace, 'web'), () => 10 * MiB))
    const earlier = new Date(h - 5 * HOUR_MS)
    // Without chunks the store answers 400: "too long query … -search.maxQueryLen=16384".
    const report = await meterHour({ ...deps, pageSize: 500 }, earlier)
    expect(report.projects).toBe(203)
    const memory = await t.db.usageRecord.findFirst({
      where: { projectId: last.id, resource: 'memory', hour: earlier },
    })
    // The samples are of `hour`; five hours earlier the project used nothing it reported.
    expect(memory).toBeNull()
    const now = await meterHour({ ...deps, pageSize: 500 }, hour)
    expect(now.projects).toBe(203)
    const measured = await t.db.usageRecord.findFirstOrThrow({
      where: { projectId: last.id, resource: 'memory', hour },
    })
    expect(measured.used).toBe(BigInt(10 * MiB))
  }, 120_000)
})

describe('the job', () => {
  it('passes over each due hour once, then again an hour later, and keeps count', async () => {
    const now = new Date(h + 2 * HOUR_MS + 5 * 60_000)
    const plan = { settleMs: 3 * 60_000, latePassAfterMs: HOUR_MS, catchUpHours: 3 }
    const first = await runMetering({ ...deps, now: () => now, plan })
    expect(first.map((r) => r.hour.getTime())).toEqual([h - HOUR_MS, h, h + HOUR_MS])
    expect(await runMetering({ ...deps, now: () => now, plan })).toEqual([])
    const later = await runMetering({ ...deps, now: () => new Date(now.getTime() + HOUR_MS), plan })
    expect(later.map((r) => r.hour.getTime())).toEqual([h, h + HOUR_MS, h + 2 * HOUR_MS])
    const rows = await t.db.meteringHour.findMany({ orderBy: { hour: 'asc' } })
    expect(rows.map((r) => [r.hour.getTime(), r.passes])).toEqual([
      [h - HOUR_MS, 1],
      [h, 2],
      [h + HOUR_MS, 2],
      [h + 2 * HOUR_MS, 1],
    ])
  }, 120_000)

  it('counts each pass once when two replicas meter at the same time, so the late pass still comes', async () => {
    // Two workflow workers whose runs overlap (a lease outlived by a long catch-up): same hours due.
    const now = new Date(h + 12 * HOUR_MS + 5 * 60_000)
    const plan = { settleMs: 3 * 60_000, latePassAfterMs: HOUR_MS, catchUpHours: 2 }
    const hours = [h + 10 * HOUR_MS, h + 11 * HOUR_MS]
    const [a, b] = await Promise.all([
      runMetering({ ...deps, now: () => now, plan }),
      runMetering({ ...deps, now: () => now, plan }),
    ])
    // Each hour passed over by one of them; the other gave it up without writing.
    expect([...a, ...b].map((r) => r.hour.getTime()).sort()).toEqual(hours)
    const passes = () =>
      t.db.meteringHour.findMany({ where: { hour: { in: hours.map((x) => new Date(x)) } }, orderBy: { hour: 'asc' } })
    expect((await passes()).map((r) => [r.hour.getTime(), r.passes])).toEqual(hours.map((x) => [x, 1]))
    const appended = await t.db.usageRecord.count({ where: { hour: { in: hours.map((x) => new Date(x)) } } })
    expect([...a, ...b].reduce((sum, r) => sum + r.appended, 0)).toBe(appended)
    expect((await passes()).reduce((sum, r) => sum + r.appended, 0)).toBe(appended)
    expect(
      await t.db.usageRecord.count({ where: { hour: { in: hours.map((x) => new Date(x)) }, revision: { gt: 0 } } }),
    ).toBe(0)
    await expectRollupsTrue()
    // An hour later both hours get their late pass, again from one replica each.
    // (A window of three hours then still holds both.)
    const wider = { ...plan, catchUpHours: 3 }
    const later = () => runMetering({ ...deps, now: () => new Date(now.getTime() + HOUR_MS), plan: wider })
    const [c, d] = await Promise.all([later(), later()])
    expect([...c, ...d].map((r) => r.hour.getTime()).sort()).toEqual([...hours, h + 12 * HOUR_MS])
    expect((await passes()).map((r) => [r.hour.getTime(), r.passes])).toEqual(hours.map((x) => [x, 2]))
    await expectRollupsTrue()
  }, 120_000)
})
