// Benchmark (issue 14): the statements' list (/statements, GET /api/v1/statements) prices the open
// months of every agency its reader sees. Before, one read of day rollups per agency and open month
// (provisionalStatement, 2 × agencies queries for an operator); now one read per open month of the
// visible agencies' use summed per stretch under one card (cardStretchesOfMonthForAll). Both are
// timed in the same run over the same data: the demo seed plus --agencies agencies of --projects
// projects each, cpu and memory day rollups for every day of the two open months so far. The totals
// of the two must agree, agency by agency. Prints the medians and the ratio.
//
//   npx tsx bench/statements-list.ts [--agencies 500] [--projects 4] [--runs 5]
import { loadavg } from 'node:os'
import { parseArgs } from 'node:util'
import { loadRateCards } from '#server/rates/rows'
import { listStatements, openMonths, provisionalStatement } from '#server/statements/read'
import { monthText } from '#server/statements/view'
import { createTestDatabase, ensureTemplateDatabase, seedDatabase } from '../tests/helpers/database'

const { values } = parseArgs({
  options: {
    agencies: { type: 'string', default: '500' },
    projects: { type: 'string', default: '4' },
    runs: { type: 'string', default: '5' },
  },
})
const AGENCIES = Number(values.agencies)
const PROJECTS = Number(values.projects)
const RUNS = Number(values.runs)
const now = new Date()
const [previous, running] = openMonths(now) as [string, string]

await ensureTemplateDatabase()
const t = await createTestDatabase({ poolSize: 4 })
try {
  await seedDatabase(t.url)
  await t.db.$executeRaw`
    INSERT INTO "Agency" ("id", "code", "nameVi", "nameEn", "kind", "updatedAt")
    SELECT gen_random_uuid(), 'bench-' || i, 'UBND xã ' || i, 'Commune ' || i, 'department', now()
      FROM generate_series(1, ${AGENCIES}::int) AS i`
  await t.db.$executeRaw`
    INSERT INTO "Project" ("id", "agencyId", "name", "slug", "namespace", "securityLevel", "contactName", "contactEmail", "updatedAt")
    SELECT gen_random_uuid(), a."id", 'Hệ thống ' || j, 'he-thong-' || j, 'ns-' || a."code" || '-' || j, 2, 'Nguyễn Văn An', 'an@example.gov.vn', now()
      FROM "Agency" a, generate_series(1, ${PROJECTS}::int) AS j WHERE a."code" LIKE 'bench-%'`
  await t.db.$executeRaw`
    INSERT INTO "UsageRollup" ("projectId", "resource", "period", "start", "hours", "usedHours", "usedSum", "usedPeak",
                               "requestedHours", "requestedSum", "grantedHours", "grantedSum", "maxRequestedUsedSum")
    SELECT p."id", r, 'day', d, 24, 22, 22 * 1500, 2600, 24, 24 * 2000, 24, 24 * 4000, 24 * 2000
      FROM "Project" p, unnest(ARRAY['cpu', 'memory']) r,
           generate_series(${previous}::date, now()::date, interval '1 day') d`
  await t.db.$executeRawUnsafe('ANALYZE "UsageRollup"')
  const [{ rows } = { rows: 0n }] = await t.db.$queryRaw<{ rows: bigint }[]>`SELECT count(*) AS rows FROM "UsageRollup"`
  const agencies = await t.db.agency.findMany({ where: { projects: { some: {} } }, select: { id: true } })
  console.log(`${agencies.length} agencies with projects, ${rows} day rollups of ${previous} and ${running}`)

  const cards = await loadRateCards(t.db)
  const perAgency = async () => {
    const totals = new Map<string, string | null>()
    for (const a of agencies)
      for (const month of [previous, running]) {
        const computed = await provisionalStatement(t.db, a.id, month, cards)
        totals.set(`${a.id} ${monthText(month)}`, computed.ok ? computed.value.total.toString() : null)
      }
    return totals
  }
  const list = async () =>
    new Map((await listStatements(t.db, { visible: null, now })).map((s) => [`${s.agency.id} ${s.month}`, s.total]))
  const [before, after] = [await perAgency(), await list()]
  for (const [key, total] of before)
    if (after.get(key) !== total) throw new Error(`${key}: per agency ${total}, list ${after.get(key)}`)

  const times = { list: [] as number[], perAgency: [] as number[] }
  for (let i = 0; i < RUNS; i++)
    for (const [name, work] of i % 2 === 0
      ? ([
          ['list', list],
          ['perAgency', perAgency],
        ] as const)
      : ([
          ['perAgency', perAgency],
          ['list', list],
        ] as const)) {
      const started = performance.now()
      await work()
      times[name].push(performance.now() - started)
    }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
  const [l, p] = [median(times.list), median(times.perAgency)]
  console.log(
    `operator's list of ${agencies.length} agencies × 2 open months (median of ${RUNS}): one read per month ${l.toFixed(0)} ms, ` +
      `one read per agency and month ${p.toFixed(0)} ms, ratio ${(p / l).toFixed(1)}×; load average ${loadavg()[0]!.toFixed(1)}`,
  )
} finally {
  await t.drop()
}
