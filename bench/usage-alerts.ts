// The alerts job's pass over one metered hour (decision 0050) against the reads it cannot avoid.
// In a database of its own: 10,000 projects with allocations, one agency whose staff member is
// told, and each hour's records of the four alerted resources (40,000 rows) inserted in SQL.
// Measured in the same run, twice each, alternating which goes first:
// - baseline: reading the hour's current records page by page (metering/facts.ts recordedHours,
//   500 projects a page), which any evaluation must do;
// - an hour in which a tenth of the resources cross 80 % (levels written, notices and e-mail jobs);
// - an hour in which nothing changes (every level held: no write at all).
//
//   node --import tsx bench/usage-alerts.ts [--projects 10000]
import { parseArgs } from 'node:util'
import { evaluateUsageHour } from '../server/budgets/usage-alerts'
import { projectPage, recordedHours } from '../server/metering/facts'
import { HOUR_MS, hourStart } from '../server/metering/hours'
import { createTestDatabase, ensureTemplateDatabase } from '../tests/helpers/database'
import { makeAgency, makeSession, makeUser } from '../tests/helpers/fixtures'

const { values } = parseArgs({ options: { projects: { type: 'string', default: '10000' } } })
const PROJECTS = Number(values.projects)
const PAGE = 500

await ensureTemplateDatabase()
const t = await createTestDatabase({ poolSize: 4 })

async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now()
  await work()
  return (performance.now() - started) / 1000
}

/** Every project's four alerted resources for the hour: use `percent(i)` % of a grant of 1,000,000. */
async function insertHour(hour: Date, percentSql: string): Promise<void> {
  await t.db.$executeRawUnsafe(
    `
    INSERT INTO "UsageRecord" ("projectId", "hour", "resource", "revision", "granted", "requested", "used", "usedPeak", "recordedAt")
    SELECT p."id", $1::timestamp, r.resource, 0, 1000000, 500000, (${percentSql}) * 10000, (${percentSql}) * 10000, now()
      FROM (SELECT "id", row_number() OVER (ORDER BY "id") AS i FROM "Project") p
     CROSS JOIN unnest(ARRAY['cpu', 'memory', 'objectStorage', 'backupStorage']) AS r(resource)`,
    hour,
  )
}

async function readOnly(hour: Date): Promise<number> {
  let after: string | null = null
  let rows = 0
  for (;;) {
    const page = await projectPage(t.db, after, PAGE)
    if (page.length === 0) break
    after = page.at(-1)!.id
    rows += (
      await recordedHours(
        t.db,
        page.map((p) => p.id),
        hour,
      )
    ).size
  }
  return rows
}

try {
  const agencyId = await makeAgency(t.db, 'Sở Khoa học và Công nghệ', { code: 'so-khcn' })
  await makeSession(t.db, await makeUser(t.db), ['agency_staff'], { agencyCodes: ['so-khcn'] })
  await t.db.$executeRaw`
    INSERT INTO "Project" ("id", "agencyId", "name", "slug", "namespace", "securityLevel", "contactName", "contactEmail", "updatedAt")
    SELECT gen_random_uuid(), ${agencyId}::uuid, 'Hệ thống ' || i, 'bench-' || i, 'bench-alerts-' || i, 2, 'Nguyễn Văn An', 'an@example.gov.vn', now()
      FROM generate_series(0, ${PROJECTS - 1}::int) AS i`
  await t.db
    .$executeRaw`INSERT INTO "Allocation" ("id", "projectId", "updatedAt") SELECT gen_random_uuid(), "id", now() FROM "Project"`
  const first = hourStart(new Date(Date.now() - 10 * 24 * HOUR_MS))
  const hourN = (n: number) => new Date(first.getTime() + n * HOUR_MS)
  // Hour 0: everything at 50 %. Hours 1 and 3: every tenth project's resources at 85 % (raised once, in hour 1).
  // Hours 2 and 4: the same 85 % (held); 5: all back to 50 % (cleared).
  await insertHour(hourN(0), '50')
  for (const n of [1, 2, 3, 4]) await insertHour(hourN(n), 'CASE WHEN p.i % 10 = 0 THEN 85 ELSE 50 END')
  await t.db.$executeRawUnsafe('ANALYZE')
  console.log(`alerts: ${PROJECTS} projects × 4 resources = ${PROJECTS * 4} records an hour, ${PAGE} projects a page`)
  const base0 = await timed(() => readOnly(hourN(0)))
  const quiet0 = await timed(() => evaluateUsageHour(t.db, hourN(0), PAGE))
  let report = { changes: 0, notices: 0 }
  const raising = await timed(async () => (report = await evaluateUsageHour(t.db, hourN(1), PAGE)))
  const base1 = await timed(() => readOnly(hourN(2)))
  const held = await timed(() => evaluateUsageHour(t.db, hourN(2), PAGE))
  const held2 = await timed(() => evaluateUsageHour(t.db, hourN(3), PAGE))
  const base2 = await timed(() => readOnly(hourN(4)))
  const baseline = (base0 + base1 + base2) / 3
  const quiet = (quiet0 + held + held2) / 3
  console.log(
    `baseline, the hour's records read page by page: ${base0.toFixed(2)} s, ${base1.toFixed(2)} s, ${base2.toFixed(2)} s`,
  )
  console.log(
    `an hour with no level changing: ${quiet0.toFixed(2)} s, ${held.toFixed(2)} s, ${held2.toFixed(2)} s (${(quiet / baseline).toFixed(2)}× the baseline)`,
  )
  console.log(
    `an hour raising ${report.changes} levels with ${report.notices} notices and their e-mail jobs: ${raising.toFixed(2)} s (${(raising / baseline).toFixed(2)}× the baseline)`,
  )
} finally {
  await t.drop()
}
