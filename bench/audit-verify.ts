// Verifying the audit trail against hashing the same bytes (issue 13, decision 0036): a
// 1,000,000-entry chain made up as the console chains it (audit-trail-data.ts), then in the same
// run, batch by batch and in alternating order, (a) Node's crypto alone hashing each entry's bytes
// (crypto.hash, the one-shot SHA-256 the verifier uses too) and (b) the verifier's walk over the
// same entries as it reads them (each entry's stored bytes hashed, its link, its seq and
// PostgreSQL's word on its columns checked: trail.ts); then (c), the walk as it was before the
// bytes were stored (each entry's bytes written again from its columns, which is also the exact
// check of the columns the verifier falls back to), over the first 200,000. Target: (b) at least
// half the rate of (a).
// With --database it also times, from PostgreSQL, (d) reading each entry's stored bytes with a
// bare client and hashing them against (e) the whole verification against signed checkpoints in
// SeaweedFS, each with Node's own CPU time (the rest of the wall time is waiting for PostgreSQL),
// and (e) against (a); with --migration, the content migration re-run over the million entries.
//
//   npx tsx bench/audit-verify.ts [--entries 1000000] [--database] [--migration]
import { generateKeyPairSync, hash } from 'node:crypto'
import { cpus, loadavg } from 'node:os'
import { parseArgs } from 'node:util'
import pg from 'pg'
import { hashedEntry, type HashedEntry } from '../server/audit/chain'
import { TrailWalk } from '../server/audit/trail'
import { verifyAuditTrail } from '../server/audit/verify'
import { writeCheckpoints } from '../server/audit/write-checkpoint'
import { connectTestBucket, contentsRewrittenDifferently, rerunContentMigration } from '../tests/helpers/audit'
import { createTestDatabase, ensureTemplateDatabase } from '../tests/helpers/database'
import { fillTrail, trailBatches, trailShape } from './audit-trail-data'

const { values } = parseArgs({
  options: {
    entries: { type: 'string', default: '1000000' },
    database: { type: 'boolean', default: false },
    migration: { type: 'boolean', default: false },
  },
})
const COUNT = Number(values.entries)
const rate = (ms: number) =>
  `${Math.round(COUNT / (ms / 1000)).toLocaleString('en')} entries/s (${(ms / 1000).toFixed(2)} s)`

function time(work: () => void): number {
  const started = performance.now()
  work()
  return performance.now() - started
}

/**
 * (a) and (b) over the same entries, a batch at a time, alternating which goes first; (c) over the
 * first 200,000 only, after both (its garbage is not theirs to collect within their timing).
 */
function inMemory(): { hashMs: number; verifyMs: number; before: { ms: number; entries: number }; bytes: number } {
  const walk = new TrailWalk()
  const beforeWalk = new TrailWalk()
  let hashMs = 0
  let verifyMs = 0
  const before = { ms: 0, entries: 0 }
  let bytes = 0
  let batchIndex = 0
  for (const batch of trailBatches(COUNT, trailShape(), 50_000)) {
    const serialised = batch.map((entry) => Buffer.from(entry.content, 'utf8'))
    for (const b of serialised) bytes += b.length
    // As PostgreSQL hands them over: the stored bytes, and its comparison of the columns with them.
    const read: HashedEntry[] = batch.map(({ seq, prevHash, hash, content }) => ({
      seq,
      prevHash,
      hash,
      content,
      columnsAgree: true,
    }))
    const hashAll = () => {
      for (const b of serialised) hash('sha256', b, 'hex')
    }
    const verifyAll = () => walk.check(read)
    if (batchIndex++ % 2 === 0) {
      hashMs += time(hashAll)
      verifyMs += time(verifyAll)
    } else {
      verifyMs += time(verifyAll)
      hashMs += time(hashAll)
    }
    if (before.entries < 200_000) {
      before.ms += time(() => beforeWalk.check(batch.map(hashedEntry)))
      before.entries += batch.length
    }
  }
  const summary = walk.finish()
  if (summary.firstProblem || summary.verified !== COUNT)
    throw new Error(`the chain did not verify: ${JSON.stringify(summary)}`)
  if (beforeWalk.finish().verified !== Math.min(COUNT, before.entries))
    throw new Error('the walk before did not verify')
  return { hashMs, verifyMs, before, bytes }
}

/** (d): each entry's stored bytes read in seq order with a bare client, pages of 5,000 asked for ahead, and hashed. */
async function readAndHash(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  // pg hands a bigint over as its decimal text (an alias "seq"::text would be what ORDER BY sorts).
  const page = (after: string) =>
    client.query<{ seq: string; content: string }>(
      'SELECT "seq", "content" FROM "AuditEntry" WHERE "seq" > $1 ORDER BY "seq" LIMIT 5000',
      [after],
    )
  let read = 0
  try {
    let next = page('0')
    for (;;) {
      const { rows } = await next
      if (rows.length === 0) break
      next = page(rows.at(-1)!.seq)
      for (const row of rows) hash('sha256', row.content, 'hex')
      read += rows.length
    }
  } finally {
    await client.end()
  }
  if (read !== COUNT) throw new Error(`read ${read} entries`)
}

async function timed(work: () => Promise<unknown>): Promise<{ ms: number; cpuMs: number }> {
  const cpuBefore = process.cpuUsage()
  const started = performance.now()
  await work()
  const used = process.cpuUsage(cpuBefore)
  return { ms: performance.now() - started, cpuMs: (used.user + used.system) / 1000 }
}
const cpu = ({ ms, cpuMs }: { ms: number; cpuMs: number }) =>
  `${(cpuMs / 1000).toFixed(1)} s (${Math.round((100 * cpuMs) / ms)} %)`

/** The whole verification as `npm run audit:verify` runs it: PostgreSQL, the bucket, the public key. */
async function fromDatabase(hashMs: number): Promise<void> {
  await ensureTemplateDatabase()
  const t = await createTestDatabase({ poolSize: 4 })
  const bucket = connectTestBucket()
  try {
    await bucket.ensureBucket(1)
    const filled = await fillTrail(t.url, t.ownerUrl, COUNT, trailShape())
    console.log(`from PostgreSQL: ${COUNT.toLocaleString('en')} entries written in ${filled.toFixed(0)} s`)
    if (values.migration) await migration(t.ownerUrl)
    const { privateKey, publicKey } = generateKeyPairSync('ed25519')
    const prefix = `bench-${t.name}/`
    const started = performance.now()
    const written = await writeCheckpoints({ db: t.db, bucket, signingKey: privateKey, prefix, retentionMs: 3_600_000 })
    console.log(
      `  ${written.length} checkpoints signed and stored in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    )
    // Wall time, and Node's own CPU time within it (the rest is waiting for PostgreSQL).
    const bare: { ms: number; cpuMs: number }[] = []
    const full: { ms: number; cpuMs: number }[] = []
    for (let round = 0; round < 2; round++) {
      bare.push(await timed(() => readAndHash(t.url)))
      full.push(
        await timed(async () => {
          const report = await verifyAuditTrail({ db: t.db, bucket, publicKey, prefix, staleAfterMs: 3_600_000 })
          if (!report.intact || report.verified !== COUNT) throw new Error(`not intact: ${JSON.stringify(report)}`)
        }),
      )
    }
    for (let round = 0; round < 2; round++) {
      const [b, f] = [bare[round]!, full[round]!]
      console.log(
        `  round ${round + 1}: (d) stored bytes read with a bare client and hashed: ${rate(b.ms)}, Node's CPU ${cpu(b)}`,
      )
      console.log(`           (e) full verification (entries and checkpoints): ${rate(f.ms)}, Node's CPU ${cpu(f)}`)
      console.log(`           ratio (e)/(d): ${(b.ms / f.ms).toFixed(2)}×; (e)/(a): ${(hashMs / f.ms).toFixed(2)}×`)
    }
  } finally {
    bucket.close()
    await t.drop()
  }
}

/** The content migration re-run over the trail as the owner, and its bytes compared with the console's. */
async function migration(ownerUrl: string): Promise<void> {
  const seconds = await rerunContentMigration(ownerUrl)
  const differing = await contentsRewrittenDifferently(ownerUrl)
  console.log(
    `  the content migration over ${COUNT.toLocaleString('en')} entries: ${seconds.toFixed(1)} s; entries whose bytes differ from the console's: ${differing.length}`,
  )
  if (differing.length > 0) throw new Error(`first differing: ${JSON.stringify(differing[0])}`)
  const owner = new pg.Client({ connectionString: ownerUrl })
  await owner.connect()
  await owner.query('DROP TABLE saved_content; VACUUM ANALYZE "AuditEntry"').finally(() => owner.end())
}

const loadBefore = loadavg()[0]!
const { hashMs, verifyMs, before, bytes } = inMemory()
const beforeRate = before.entries / (before.ms / 1000)
console.log(`${new Date().toISOString()} · ${cpus().length} × ${cpus()[0]?.model ?? '?'} · Node ${process.version}`)
console.log(`load average ${loadBefore.toFixed(1)} → ${loadavg()[0]!.toFixed(1)}`)
console.log(`${COUNT.toLocaleString('en')} entries, ${(bytes / COUNT).toFixed(0)} bytes each on average`)
console.log(`  (a) Node's crypto alone (SHA-256 of each entry's bytes): ${rate(hashMs)}`)
console.log(`  (b) the verifier (stored bytes hashed, link, seq):       ${rate(verifyMs)}`)
console.log(
  `  (c) the verifier before (bytes written from columns):    ${Math.round(beforeRate).toLocaleString('en')} entries/s over the first ${before.entries.toLocaleString('en')}`,
)
console.log(
  `  ratio (b)/(a): ${(hashMs / verifyMs).toFixed(2)}× (target ≥ 0.5×); (c)/(a): ${(beforeRate / (COUNT / (hashMs / 1000))).toFixed(2)}×`,
)
if (values.database) await fromDatabase(hashMs)
