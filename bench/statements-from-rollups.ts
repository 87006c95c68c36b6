// A month's statements for every agency priced from the day rollups against the same sums worked out
// from the raw hourly records, in the same run (issue 14, decisions 0047 and 0048). In a database of
// its own, made in bulk with generate_series: 1,000 agencies with a project each, cpu and memory
// metered every hour of a local year (8,760 hours, 17.5 million records, one hour in a hundred
// corrected by a second revision), and the day rollups the write path would have kept (the sums of
// each day's current records). Then, twice, alternating which goes first:
// - rollups: each agency's day rollups of the month as the statements job reads them
//   (dayRollupsOfMonth, one query an agency), priced by computeStatement;
// - raw hours: the same per agency from UsageRecord: the current revision of each of the month's
//   hours, summed per local day in SQL into the same day rows, priced by the same computeStatement;
// and the same two as one query for all agencies. Every statement from the rollups must equal the
// one from the hours, line by line. Then the month before, which one card prices: its month rows
// written as the statements job writes them when it closes a month (decision 0062), then read by
// the same cardStretchesOfMonthForAll against the raw hours by stretch, twice, alternating; then the
// same for the month itself, whose rows are one per stretch under one card (decision 0073).
// The database is dropped at the end (about 3 GB at 1,000).
//
//   node --import tsx bench/statements-from-rollups.ts [--agencies 1000] [--month 2026-06-01]
import { parseArgs } from 'node:util'
import { hoursInLocalMonth, localMidnight, nextLocalMonth, type LocalDate } from '../server/domain/local-calendar'
import type { ResourceKey } from '../server/domain/resources'
import { computeStatement, dailyUsageOf, type DayRollup, type Statement } from '../server/domain/statement'
import {
  byAgency,
  cardStretchesOfMonthForAll,
  dayRollupsOfMonth,
  dayRollupsOfMonthForAll,
} from '../server/metering/rollups'
import { writeMonthRows } from '../server/metering/month-rows'
import { loadRateCards } from '../server/rates/rows'
import { createTestDatabase, ensureTemplateDatabase } from '../tests/helpers/database'
import { alternated, timed, vacuumAnalyze } from './alternate'

const { values } = parseArgs({
  options: { agencies: { type: 'string', default: '1000' }, month: { type: 'string', default: '2026-06-01' } },
})
const AGENCIES = Number(values.agencies)
const MONTH: LocalDate = values.month
/** The month before MONTH: one card prices it (the second takes effect on MONTH's 16th). */
const ONE_CARD_MONTH: LocalDate = new Date(Date.UTC(Number(MONTH.slice(0, 4)), Number(MONTH.slice(5, 7)) - 2, 1))
  .toISOString()
  .slice(0, 10)
// The local year 1 December 2025 – 30 November 2026.
const YEAR_START = localMidnight('2025-12-01')
const YEAR_HOURS = 365 * 24
const DAYS = Array.from({ length: hoursInLocalMonth(localMidnight(MONTH)) / 24 }, (_, i) =>
  new Date(Date.parse(`${MONTH}T00:00:00Z`) + i * 86_400_000).toISOString().slice(0, 10),
)

await ensureTemplateDatabase()
const t = await createTestDatabase({ poolSize: 4 })

/** Agencies, a project each, a rate card, a year of hours and their day rollups, all in SQL. */
async function makeData(): Promise<void> {
  await t.db.$executeRaw`
    INSERT INTO "Agency" ("id", "code", "nameVi", "nameEn", "kind", "updatedAt")
    SELECT gen_random_uuid(), 'bench-' || i, 'UBND xã ' || i, 'Commune ' || i, 'department', now()
      FROM generate_series(1, ${AGENCIES}::int) AS i`
  await t.db.$executeRaw`
    INSERT INTO "Project" ("id", "agencyId", "name", "slug", "namespace", "securityLevel", "contactName", "contactEmail", "updatedAt")
    SELECT gen_random_uuid(), a."id", 'Hệ thống một cửa', 'mot-cua', 'ns-' || a."code", 2, 'Nguyễn Văn An', 'an@example.gov.vn', now()
      FROM "Agency" a`
  // A second card from the month's 16th: its lines are priced by two cards, a day's by one.
  for (const [from, cpu, memory] of [
    ['2025-01-01', 3_212_345n, 412_345n],
    [`${MONTH.slice(0, 8)}16`, 3_512_345n, 398_765n],
  ] as const) {
    await t.db.rateCardVersion.create({
      data: {
        effectiveFrom: new Date(`${from}T00:00:00Z`),
        createdByLabel: 'bench',
        prices: {
          create: [
            { resource: 'cpu', price: cpu, basis: 'max_requested_used' },
            { resource: 'memory', price: memory, basis: 'used' },
          ],
        },
      },
    })
  }
  // In key order, so the primary key grows at its end; every 97th hour unmeasured.
  await t.db.$executeRaw`
    INSERT INTO "UsageRecord" ("projectId", "hour", "resource", "revision", "granted", "requested", "used", "usedPeak", "recordedAt")
    SELECT p."id", h, r.resource, 0, r.granted, r.requested, u.used, u.used, h
      FROM (SELECT "id", row_number() OVER (ORDER BY "id") AS n FROM "Project") p
     CROSS JOIN LATERAL generate_series(timezone('UTC', ${YEAR_START}::timestamptz),
                                        timezone('UTC', ${YEAR_START}::timestamptz) + ${YEAR_HOURS - 1} * interval '1 hour',
                                        interval '1 hour') AS h
     CROSS JOIN (VALUES ('cpu', 2000::bigint, 800::bigint, 1), ('memory', 4294967296, 2147483648, 1048576)) AS r(resource, granted, requested, scale)
     CROSS JOIN LATERAL (SELECT CASE WHEN extract(epoch FROM h)::bigint / 3600 % 97 = 0 THEN NULL
                                     ELSE ((p.n * 7919 + extract(epoch FROM h)::bigint / 3600 * 104729) % 1500) * r.scale END AS used) u
     ORDER BY p."id", h, r.resource`
  await t.db.$executeRaw`
    INSERT INTO "UsageRecord" ("projectId", "hour", "resource", "revision", "granted", "requested", "used", "usedPeak", "recordedAt")
    SELECT "projectId", "hour", "resource", 1, "granted", "requested", coalesce("used", 0) + 100, coalesce("used", 0) + 100, "hour" + interval '2 hours'
      FROM "UsageRecord" WHERE extract(epoch FROM "hour")::bigint / 3600 % 100 = 3`
  await t.db.$executeRaw`
    INSERT INTO "UsageRollup" ("projectId", "resource", "period", "start", "hours", "usedHours", "usedSum", "usedPeak",
                               "requestedHours", "requestedSum", "grantedHours", "grantedSum", "maxRequestedUsedSum")
    SELECT "projectId", "resource", 'day'::"UsagePeriod", ("hour" + interval '7 hours')::date, count(*), count("used"), coalesce(sum("used"), 0),
           max("usedPeak"), count("requested"), coalesce(sum("requested"), 0), count("granted"), coalesce(sum("granted"), 0),
           coalesce(sum(GREATEST("requested", "used")), 0)
      FROM (SELECT DISTINCT ON ("projectId", "hour", "resource") * FROM "UsageRecord"
             ORDER BY "projectId", "hour", "resource", "revision" DESC) cur
     GROUP BY 1, 2, 4`
  // As autovacuum would have left a year-old table: statistics, hint bits and the visibility map set,
  // so neither side's first run pays for the bulk load. VACUUM is the owner's.
  await vacuumAnalyze(t.ownerUrl, ['UsageRecord', 'UsageRollup', 'Project', 'Agency'])
}

type Row = Omit<DayRollup, 'resource'> & { resource: string }

/**
 * The month's hours of one agency (or all), current revisions summed in SQL per local day, or per
 * stretch of days under one card when `stretches` gives the stretches' first days.
 */
async function fromHours(
  agencyId: string | null,
  stretches: readonly LocalDate[] = DAYS,
  month: LocalDate = MONTH,
): Promise<DayRollup[]> {
  const rows = await t.db.$queryRaw<Row[]>`
    SELECT "agencyId", "projectId", "resource",
           to_char((${stretches}::date[])[width_bucket(("hour" + interval '7 hours')::date, ${stretches}::date[])], 'YYYY-MM-DD') AS day,
           count(*)::int AS "hours", count("granted")::int AS "grantedHours", coalesce(sum("granted"), 0)::bigint AS "grantedSum",
           count("used")::int AS "usedHours", coalesce(sum("used"), 0)::bigint AS "usedSum",
           coalesce(sum(GREATEST("requested", "used")), 0)::bigint AS "maxRequestedUsedSum"
      FROM (SELECT DISTINCT ON (u."projectId", u."hour", u."resource") p."agencyId", u.*
              FROM "UsageRecord" u JOIN "Project" p ON p."id" = u."projectId"
             WHERE (${agencyId}::uuid IS NULL OR p."agencyId" = ${agencyId}::uuid)
               AND u."hour" >= timezone('UTC', ${localMidnight(month)}::timestamptz)
               AND u."hour" < timezone('UTC', ${localMidnight(nextLocalMonth(month))}::timestamptz)
             ORDER BY u."projectId", u."hour", u."resource", u."revision" DESC) cur
     GROUP BY 1, 2, 3, 4
     ORDER BY 2, 3, 4`
  return rows.map((row) => ({ ...row, resource: row.resource as ResourceKey }))
}

await makeData()
const cards = await loadRateCards(t.db)
const CARD_DATES = cards.map((card) => card.effectiveFrom)
const stretchStarts = [MONTH, ...CARD_DATES.filter((d) => d > MONTH && d < nextLocalMonth(MONTH))].sort()

function price(agencyId: string, days: readonly DayRollup[], month = MONTH): Statement {
  const computed = computeStatement(agencyId, month, days.map(dailyUsageOf), cards)
  if (!computed.ok) throw new Error(`${agencyId}: ${computed.error.code}`)
  return computed.value
}

const agencies = (await t.db.agency.findMany({ select: { id: true }, orderBy: { id: 'asc' } })).map((a) => a.id)

/** One agency after another, as the statements job closes them. */
async function eachAgency(days: (agencyId: string) => Promise<DayRollup[]>): Promise<Statement[]> {
  const out: Statement[] = []
  for (const id of agencies) out.push(price(id, await days(id)))
  return out
}
const ways = {
  'rollups, one query an agency': () => eachAgency((id) => dayRollupsOfMonth(t.db, id, MONTH)),
  'raw hours, one query an agency': () => eachAgency((id) => fromHours(id)),
  'rollups, one query for all': async () => {
    const all = byAgency(await dayRollupsOfMonthForAll(t.db, MONTH))
    return agencies.map((id) => price(id, all.get(id) ?? []))
  },
  'raw hours, one query for all': async () => {
    const all = byAgency(await fromHours(null))
    return agencies.map((id) => price(id, all.get(id) ?? []))
  },
  'rollups by card stretch, one query for all': async () => {
    const all = byAgency(await cardStretchesOfMonthForAll(t.db, MONTH, CARD_DATES))
    return agencies.map((id) => price(id, all.get(id) ?? []))
  },
  'raw hours by card stretch, one query for all': async () => {
    const all = byAgency(await fromHours(null, stretchStarts))
    return agencies.map((id) => price(id, all.get(id) ?? []))
  },
} satisfies Record<string, () => Promise<Statement[]>>

try {
  const [records] = await t.db.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM "UsageRecord"`
  console.log(`statements of ${MONTH} for ${AGENCIES} agencies; ${records?.n} hourly records over a local year`)
  const { seconds, answer: reference } = await alternated(ways)
  const total = reference.reduce((sum, s) => sum + s.total, 0n)
  console.log(`  every way gives the same ${reference.length} statements, ${total} đ in all`)
  for (const [way, s] of Object.entries(seconds)) console.log(`  ${way}: ${s.map((x) => x.toFixed(2)).join(' s, ')} s`)
  await closedMonth(ONE_CARD_MONTH, 'one card')
  await closedMonth(MONTH, 'its card changes on the 16th')
  for (const pattern of ['one query an agency', 'one query for all', 'by card stretch, one query for all']) {
    const rollups = seconds[`rollups${pattern.startsWith('by') ? ' ' : ', '}${pattern}`]!
    const raw = seconds[`raw hours${pattern.startsWith('by') ? ' ' : ', '}${pattern}`]!
    const ratios = rollups.map((r, i) => `1/${(raw[i]! / r).toFixed(1)}`)
    console.log(`  ${pattern}: rollups take ${ratios.join(' and ')} of the raw hours' time (target ≤ 1/50)`)
  }
} finally {
  await t.drop()
}

/** A closed month: its rows per stretch (written as the job writes them at close) against the raw hours by stretch. */
async function closedMonth(month: LocalDate, label: string): Promise<void> {
  const [written, rows] = await timed(() => writeMonthRows(t.db, month))
  console.log(`  ${month}: ${rows} month rows written from its day rows in ${written.toFixed(2)} s (once, at close)`)
  const starts = [month, ...CARD_DATES.filter((d) => d > month && d < nextLocalMonth(month))].sort()
  const closed = {
    'month rows': async () => {
      const all = byAgency(await cardStretchesOfMonthForAll(t.db, month, CARD_DATES))
      return agencies.map((id) => price(id, all.get(id) ?? [], month))
    },
    'raw hours': async () => {
      const all = byAgency(await fromHours(null, starts, month))
      return agencies.map((id) => price(id, all.get(id) ?? [], month))
    },
  }
  const { seconds } = await alternated(closed, `${month}: `)
  const [m, r] = [seconds['month rows']!, seconds['raw hours']!]
  console.log(
    `  ${month}, ${label}: month rows ${m.map((x) => x.toFixed(2)).join(' s, ')} s, raw hours ${r.map((x) => x.toFixed(2)).join(' s, ')} s: ${m.map((x, i) => `1/${(r[i]! / x).toFixed(1)}`).join(' and ')} (target ≤ 1/50)`,
  )
}
