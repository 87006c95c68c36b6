// The audit search at a million entries (decision 0037): the made-up trail of audit-trail-data.ts,
// then each kind of search the page and the API make, through the same findPage with Prisma's own
// SQL, timed (median of 5) and explained (EXPLAIN ANALYZE of the statement Prisma sent).
//
//   npx tsx bench/audit-search.ts [--entries 1000000] [--plans]
import { parseArgs } from 'node:util'
import { PrismaPg } from '@prisma/adapter-pg'
import pg from 'pg'
import { findPage, seqRangeOf, type AuditPosition } from '../server/audit/search'
import { PrismaClient, type Prisma } from '../server/db/generated/client'
import { createTestDatabase, ensureTemplateDatabase } from '../tests/helpers/database'
import { fillTrail, requestIdOf, trailShape } from './audit-trail-data'

const { values } = parseArgs({
  options: { entries: { type: 'string', default: '1000000' }, plans: { type: 'boolean', default: false } },
})
const COUNT = Number(values.entries)

await ensureTemplateDatabase()
const t = await createTestDatabase({ poolSize: 2 })
const shape = trailShape()
try {
  const seconds = await fillTrail(t.url, t.ownerUrl, COUNT, shape)
  console.log(`${COUNT} entries written in ${seconds.toFixed(0)} s`)
  const sent: { query: string; params: string }[] = []
  const db = new PrismaClient({
    adapter: new PrismaPg({ connectionString: t.url, max: 2 }),
    log: [{ emit: 'event', level: 'query' }],
  })
  db.$on('query', (event) => sent.push({ query: event.query, params: event.params }))
  const explain = new pg.Client({ connectionString: t.url })
  await explain.connect()
  const project = shape.projects[0]!
  const recent = new Date(Date.UTC(2024, 11, 1) + COUNT * 63_000)
  const day = 86_400_000
  /** A time range as whereOf makes it: the times, and the seq range they cover (two index probes, timed too). */
  const during = (at: { gte?: Date; lt?: Date }) => async () => ({ at, seq: (await seqRangeOf(db, at)) ?? undefined })
  type Where = Prisma.AuditEntryWhereInput | (() => Promise<Prisma.AuditEntryWhereInput>)
  const searches: [string, Where, AuditPosition][] = [
    ['newest, no filter', {}, {}],
    ['an agency', { agencyId: shape.agencies[3] }, {}],
    ['an agency, page at seq 500,000', { agencyId: shape.agencies[3] }, { before: BigInt(Math.floor(COUNT / 2)) }],
    ['a person', { actorId: shape.people[42]!.id }, {}],
    ['an action (request.approve)', { action: 'request.approve' }, {}],
    ['an outcome (failed)', { outcome: 'failed' }, {}],
    ['failed in an agency', { outcome: 'failed', agencyId: shape.agencies[3] }, {}],
    [
      'a project and its requests',
      {
        OR: [
          { entityType: 'Project', entityId: project.id },
          { entityType: 'QuotaRequest', entityId: { in: project.requests } },
        ],
      },
      {},
    ],
    [
      'one day, a year ago',
      during({ gte: new Date(recent.getTime() - 365 * day), lt: new Date(recent.getTime() - 364 * day) }),
      {},
    ],
    ['the first year', during({ lt: new Date(recent.getTime() - 365 * day) }), {}],
    ['the first year, without the seq range', { at: { lt: new Date(recent.getTime() - 365 * day) } }, {}],
    [
      'an agency and an action in the last month',
      async () => ({
        agencyId: shape.agencies[3],
        action: 'request.submit',
        ...(await during({ gte: new Date(recent.getTime() - 30 * day) })()),
      }),
      {},
    ],
    ["a request's entries (its reference)", { requestId: requestIdOf(Math.floor(COUNT / 6)) }, {}],
    ['a reference that is not in the trail', { requestId: 'FFFFFFFFFFFFFFFF' }, {}],
    [
      'a person denied, deep page',
      { actorId: shape.people[42]!.id, outcome: 'denied' },
      { before: BigInt(Math.floor(COUNT / 3)) },
    ],
  ]
  /** Times one search (median of 5) and explains the statement Prisma sent; prints its row, answers the median. */
  const measure = async (name: string, where: Where, position: AuditPosition): Promise<number> => {
    const times: number[] = []
    let found = 0
    for (let i = 0; i < 5; i++) {
      sent.length = 0
      const started = performance.now()
      found = (await findPage(db, typeof where === 'function' ? await where() : where, position, 25)).entries.length
      times.push(performance.now() - started)
    }
    // The page's own statement: the last one sent (the seq range's probes come first).
    const statement = sent.findLast((s) => s.query.includes('"AuditEntry"'))!
    const params = (JSON.parse(statement.params) as unknown[]).map((p) =>
      typeof p === 'object' && p !== null ? JSON.stringify(p) : p,
    )
    const plan = await explain.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${statement.query}`, params)
    const lines = plan.rows.map((r) => r['QUERY PLAN'])
    const scan = lines
      .filter((l) => /Scan|Sort|Limit|Append/.test(l))
      .map((l) => l.trim().replace(/\s+\(cost.*$/, ''))
      .slice(0, 3)
    times.sort((a, b) => a - b)
    console.log(`| ${name} | ${found} | ${times[2]!.toFixed(1)} | ${scan.join(' → ')}; ${lines.at(-1)!.trim()} |`)
    if (values.plans) console.log(lines.map((l) => `    ${l}`).join('\n'))
    return times[2]!
  }
  console.log('| search | entries on the page | median of 5 (ms) | plan |')
  console.log('| --- | --- | --- | --- |')
  const medians = new Map<string, number>()
  for (const [name, where, position] of searches) medians.set(name, await measure(name, where, position))
  // The baseline of the search by reference, in the same run: the same searches without its index.
  const owner = new pg.Client({ connectionString: t.ownerUrl })
  await owner.connect()
  await owner.query('DROP INDEX "AuditEntry_requestId_seq_idx"').finally(() => owner.end())
  for (const [name, where, position] of searches.filter(
    ([, where]) => typeof where === 'object' && 'requestId' in where,
  )) {
    const without = await measure(`${name}, without the (requestId, seq) index`, where, position)
    console.log(`| (ratio) ${name}: with the index / without | | ${(medians.get(name)! / without).toFixed(4)}× | |`)
  }
  await explain.end()
  await db.$disconnect()
} finally {
  await t.drop()
}
