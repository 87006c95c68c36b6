// Benchmark (issue 5, decision 0015): the cost of a deep operator queue page on the 100,000-request
// dataset, keyset (`?after=` the 9,000th waiting request) against the first page and against the
// offset the queue used before (`skip` 9,000, as `?page=361` did), each timed in-process through
// the same loader shape, one at a time. Also prints what one queue and dashboard document weigh.
//
//   npx tsx bench/queue-depth.ts [--runs 40]
import { get as httpGet } from 'node:http'
import { loadavg } from 'node:os'
import { parseArgs } from 'node:util'
import { DEFAULT_APPROVAL_POLICY } from '#server/domain/security-policy'
import { QueueQuery, loadQueue } from '#app/routes/queue/queue.server'
import { encodePosition } from '#app/utils/paging.server'
import { buildConsole, startConsoleServer } from '../tests/helpers/console-server'
import { operatorSession } from './operator-session'
import { createTestDatabase, ensureTemplateDatabase, seedDatabase } from '../tests/helpers/database'
import { fillLargeDataset } from './large-dataset'

const { values } = parseArgs({ options: { runs: { type: 'string', default: '40' } } })
const RUNS = Number(values.runs)

async function median(work: () => Promise<unknown>): Promise<number> {
  const times: number[] = []
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now()
    await work()
    times.push(performance.now() - start)
  }
  times.sort((a, b) => a - b)
  return times[Math.floor(times.length / 2)]!
}

await ensureTemplateDatabase()
const t = await createTestDatabase({ poolSize: 4 })
try {
  await seedDatabase(t.url)
  await fillLargeDataset(t.url)
  const waiting = await t.db.quotaRequest.findMany({
    where: { state: 'submitted' },
    orderBy: [{ submittedAt: 'asc' }, { number: 'asc' }],
    skip: 8_999,
    take: 1,
    select: { submittedAt: true, number: true },
  })
  const deep = waiting[0]!
  const after = encodePosition({ t: deep.submittedAt!.toISOString(), n: deep.number })
  const queue = (query: Record<string, string>) => () =>
    loadQueue({ db: t.db, locale: 'vi', query: QueueQuery.parse(query), policy: DEFAULT_APPROVAL_POLICY })
  // The queue's old page query: the same rows by offset.
  const offset = () =>
    t.db.quotaRequest.findMany({
      where: { state: 'submitted' },
      orderBy: [{ submittedAt: 'asc' }, { number: 'asc' }],
      skip: 9_000,
      take: 25,
      select: {
        number: true,
        kind: true,
        submittedAt: true,
        project: { select: { name: true, securityLevel: true, processesPersonalData: true } },
        agency: { select: { code: true, nameVi: true, nameEn: true } },
        lines: { select: { resource: true, requested: true } },
        votes: { where: { discardedAt: null, kind: 'approve' }, select: { id: true } },
      },
    })
  const first = await median(queue({}))
  const keyset = await median(queue({ after }))
  const old = await median(offset)
  console.log(
    `load average ${loadavg()[0]!.toFixed(1)}; median of ${RUNS}: first page ${first.toFixed(1)} ms, 361st page by position ${keyset.toFixed(1)} ms, rows 9,001–9,025 by offset (before) ${old.toFixed(1)} ms`,
  )

  const { secret, cookie } = await operatorSession(t.db)
  await buildConsole()
  const server = await startConsoleServer({ databaseUrl: t.url, env: { SESSION_SECRET: secret } })
  try {
    for (const path of ['/queue', `/queue?after=${after}`, '/']) {
      const plain = await (
        await fetch(`${server.url}${path}`, { headers: { cookie, 'accept-encoding': 'identity' } })
      ).text()
      // fetch() would undo the compression; count the bytes on the wire.
      const [wire, encoding] = await new Promise<[number, string]>((done, fail) => {
        httpGet(`${server.url}${path}`, { headers: { cookie, 'accept-encoding': 'gzip' } }, (res) => {
          let bytes = 0
          res.on('data', (chunk: Buffer) => (bytes += chunk.length))
          res.on('end', () => done([bytes, String(res.headers['content-encoding'] ?? 'identity')]))
        }).on('error', fail)
      })
      console.log(
        `${path.slice(0, 40)}: ${(Buffer.byteLength(plain) / 1024).toFixed(1)} KB (${(wire / 1024).toFixed(1)} KB as ${encoding})`,
      )
    }
  } finally {
    await server.stop()
  }
} finally {
  await t.drop()
}
