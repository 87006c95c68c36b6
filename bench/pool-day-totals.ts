// A pool's chart of 31 days (decisions 0051 and 0073): every project's day rollups of the pool's
// resources summed per resource and day, against the same read with the final days kept summed in
// UsageDayTotal, in the same run. In a database of its own: 10,000 projects, the eight resources a
// project is metered for, 32 local days of day rollups as the write path leaves them (2.56 million
// rows, the table at its fillfactor of 50), made in bulk with generate_series. Then, twice,
// alternating which goes first:
// - before: the one query main ran until now, every day of the window from its rollup rows;
// - kept: dayTotalsOfResources once keepFinalDays has summed the days out of every pass's reach
//   (timed once too), the last days still summed from their rows.
// Both must give the same figures, day by day. The database is dropped at the end.
//
//   node --import tsx bench/pool-day-totals.ts [--projects 10000]
import { parseArgs } from 'node:util'
import { dayTotalsOfResources, keepFinalDays, type ResourceDayTotal } from '../server/metering/day-totals'
import { DEFAULT_HOUR_PLAN, lastFinalDay } from '../server/metering/hours'
import { windowEndingAt } from '../server/metering/usage-series'
import { createTestDatabase, ensureTemplateDatabase } from '../tests/helpers/database'
import { alternated, timed, vacuumAnalyze } from './alternate'

const { values } = parseArgs({ options: { projects: { type: 'string', default: '10000' } } })
const PROJECTS = Number(values.projects)
// 10 December 2026, 09:20 local: the chart's window is 10 November – 10 December; up to 7 December final.
const NOW = new Date('2026-12-10T02:20:00Z')
const WINDOW = windowEndingAt('day', NOW)
const COMPUTE = ['cpu', 'memory', 'pods']
const RESOURCES = ['cpu', 'memory', 'pods', 'gpu', 'objectStorage', 'backupStorage', 'buckets', 'volume:standard']

await ensureTemplateDatabase()
const t = await createTestDatabase({ poolSize: 4 })

async function makeData(): Promise<void> {
  await t.db.$executeRaw`
    INSERT INTO "Agency" ("id", "code", "nameVi", "nameEn", "kind", "updatedAt")
    SELECT gen_random_uuid(), 'bench-' || i, 'UBND xã ' || i, 'Commune ' || i, 'department', now()
      FROM generate_series(1, 100) AS i`
  await t.db.$executeRaw`
    INSERT INTO "Project" ("id", "agencyId", "name", "slug", "namespace", "securityLevel", "contactName", "contactEmail", "updatedAt")
    SELECT gen_random_uuid(), (SELECT "id" FROM "Agency" ORDER BY "code" OFFSET i % 100 LIMIT 1), 'Hệ thống ' || i,
           'he-thong-' || i, 'ns-pool-' || i, 2, 'Nguyễn Văn An', 'an@example.gov.vn', now()
      FROM generate_series(1, ${PROJECTS}::int) AS i`
  // Each day a project was metered 24 hours (20 of them measured), from the window's first day to today;
  // in day order, as the write path inserts a day's rows with its first hour (its updates stay on the page).
  await t.db.$executeRaw`
    INSERT INTO "UsageRollup" ("projectId", "resource", "period", "start", "hours", "usedHours", "usedSum", "usedPeak",
                               "requestedHours", "requestedSum", "grantedHours", "grantedSum", "maxRequestedUsedSum")
    SELECT p."id", r, 'day', d::date, 24, 20, 20 * v.used, v.used * 2, 24, 24 * v.used, 24, 48 * v.used, 24 * v.used
      FROM (SELECT "id", row_number() OVER (ORDER BY "id") AS n FROM "Project") p
     CROSS JOIN generate_series(${WINDOW.from}::date - 1, ${WINDOW.to}::date - 1, interval '1 day') AS d
     CROSS JOIN unnest(${RESOURCES}::text[]) AS r
     CROSS JOIN LATERAL (SELECT (p.n * 7919 + extract(doy FROM d)::bigint * 104729) % 1500 + 1 AS used) v
     ORDER BY d, p."id", r`
  await vacuumAnalyze(t.ownerUrl, ['UsageRollup', 'Project'])
}

/** The query main ran before the final days were kept: the window's rollup rows, summed. */
function before(): Promise<ResourceDayTotal[]> {
  return t.db.$queryRaw<ResourceDayTotal[]>`
    SELECT "resource", to_char("start", 'YYYY-MM-DD') AS day,
           round(sum("grantedSum"::numeric / nullif("grantedHours", 0)))::bigint AS granted,
           round(sum("requestedSum"::numeric / nullif("requestedHours", 0)))::bigint AS requested,
           round(sum("usedSum"::numeric / nullif("usedHours", 0)))::bigint AS used
      FROM "UsageRollup"
     WHERE "period" = 'day' AND "resource" = ANY(${COMPUTE}::text[])
       AND "start" >= ${WINDOW.from}::date AND "start" < ${WINDOW.to}::date
     GROUP BY 1, 2
     ORDER BY 1, 2`
}

const ways = {
  before,
  kept: () => dayTotalsOfResources(t.db, COMPUTE, WINDOW.from, WINDOW.to),
} satisfies Record<string, () => Promise<ResourceDayTotal[]>>

try {
  await makeData()
  const [rows] = await t.db.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM "UsageRollup"`
  const final = lastFinalDay(NOW, DEFAULT_HOUR_PLAN)
  console.log(
    `pool chart of ${COMPUTE.join(', ')} over ${WINDOW.from} – ${WINDOW.to} (exclusive) for ${PROJECTS} projects; ${rows?.n} day rollup rows; final up to ${final}`,
  )
  const [keeping, written] = await timed(() => keepFinalDays(t.db, NOW))
  console.log(`  keepFinalDays: ${written} day totals written in ${keeping.toFixed(2)} s (once; then a day a day)`)
  const { seconds } = await alternated(ways)
  const [b, k] = [seconds['before']!, seconds['kept']!]
  console.log(`  every way gives the same ${COMPUTE.length} × 31 figures`)
  console.log(
    `  before ${b.map((x) => x.toFixed(3)).join(' s, ')} s; kept ${k.map((x) => x.toFixed(3)).join(' s, ')} s: ${k.map((x, i) => `1/${(b[i]! / x).toFixed(1)}`).join(' and ')}`,
  )
} finally {
  await t.drop()
}
