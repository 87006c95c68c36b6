// Verifying the audit trail against hashing the same bytes (issue 13, decision 0036): a
// 1,000,000-entry chain made up as the console chains it (audit-trail-data.ts), then in the same
// run, batch by batch and in alternating order, (a) Node's crypto alone hashing each entry's bytes
// (already serialised: crypto.hash, the one-shot SHA-256 the verifier uses too) and (b) the
// verifier's walk over the same entries (each entry serialised from its fields, hashed, its link
// and seq checked: trail.ts). Target: (b) at least half the rate of (a). With --database it also
// times the whole verification from PostgreSQL against signed checkpoints in SeaweedFS.
//
//   npx tsx bench/audit-verify.ts [--entries 1000000] [--database]
import { generateKeyPairSync, hash } from 'node:crypto'
import { cpus, loadavg } from 'node:os'
import { parseArgs } from 'node:util'
import { entryContent } from '../server/audit/chain'
import { TrailWalk } from '../server/audit/trail'
import { verifyAuditTrail } from '../server/audit/verify'
import { writeCheckpoints } from '../server/audit/write-checkpoint'
import { connectTestBucket } from '../tests/helpers/audit'
import { createTestDatabase, ensureTemplateDatabase } from '../tests/helpers/database'
import { fillTrail, trailBatches, trailShape } from './audit-trail-data'

const { values } = parseArgs({
  options: { entries: { type: 'string', default: '1000000' }, database: { type: 'boolean', default: false } },
})
const COUNT = Number(values.entries)

function time(work: () => void): number {
  const started = performance.now()
  work()
  return performance.now() - started
}

/** Both ways over the same entries, a batch at a time, alternating which goes first. */
function inMemory(): { hashMs: number; verifyMs: number; bytes: number } {
  const walk = new TrailWalk()
  let hashMs = 0
  let verifyMs = 0
  let bytes = 0
  let batchIndex = 0
  for (const batch of trailBatches(COUNT, trailShape(), 50_000)) {
    const serialised = batch.map((entry) => Buffer.from(entryContent(entry.prevHash, entry), 'utf8'))
    for (const b of serialised) bytes += b.length
    const hashAll = () => {
      for (const b of serialised) hash('sha256', b, 'hex')
    }
    const verifyAll = () => walk.check(batch)
    if (batchIndex++ % 2 === 0) {
      hashMs += time(hashAll)
      verifyMs += time(verifyAll)
    } else {
      verifyMs += time(verifyAll)
      hashMs += time(hashAll)
    }
  }
  const summary = walk.finish()
  if (summary.firstProblem || summary.verified !== COUNT)
    throw new Error(`the chain did not verify: ${JSON.stringify(summary)}`)
  return { hashMs, verifyMs, bytes }
}

/** The whole verification as `npm run audit:verify` runs it: PostgreSQL, the bucket, the public key. */
async function fromDatabase(): Promise<void> {
  await ensureTemplateDatabase()
  const t = await createTestDatabase({ poolSize: 4 })
  const bucket = connectTestBucket()
  try {
    await bucket.ensureBucket(1)
    const filled = await fillTrail(t.url, t.ownerUrl, COUNT, trailShape())
    const { privateKey, publicKey } = generateKeyPairSync('ed25519')
    const prefix = `bench-${t.name}/`
    let started = performance.now()
    const written = await writeCheckpoints({ db: t.db, bucket, signingKey: privateKey, prefix, retentionMs: 3_600_000 })
    const signing = (performance.now() - started) / 1000
    started = performance.now()
    const report = await verifyAuditTrail({ db: t.db, bucket, publicKey, prefix, staleAfterMs: 3_600_000 })
    const seconds = (performance.now() - started) / 1000
    if (!report.intact) throw new Error(`not intact: ${JSON.stringify(report)}`)
    console.log(
      `from PostgreSQL: ${COUNT} entries written in ${filled.toFixed(0)} s; ${written.length} checkpoints signed and stored in ${signing.toFixed(1)} s`,
    )
    console.log(
      `  full verification (entries and checkpoints): ${seconds.toFixed(1)} s, ${Math.round(COUNT / seconds).toLocaleString('en')} entries/s`,
    )
  } finally {
    bucket.close()
    await t.drop()
  }
}

const loadBefore = loadavg()[0]!
const { hashMs, verifyMs, bytes } = inMemory()
const hashRate = COUNT / (hashMs / 1000)
const verifyRate = COUNT / (verifyMs / 1000)
console.log(`${new Date().toISOString()} · ${cpus().length} × ${cpus()[0]?.model ?? '?'} · Node ${process.version}`)
console.log(`load average ${loadBefore.toFixed(1)} → ${loadavg()[0]!.toFixed(1)}`)
console.log(`${COUNT.toLocaleString('en')} entries, ${(bytes / COUNT).toFixed(0)} bytes each on average`)
console.log(
  `  Node's crypto alone (SHA-256 of each entry's bytes): ${Math.round(hashRate).toLocaleString('en')} entries/s (${(hashMs / 1000).toFixed(2)} s)`,
)
console.log(
  `  the verifier (serialise, hash, link, seq):          ${Math.round(verifyRate).toLocaleString('en')} entries/s (${(verifyMs / 1000).toFixed(2)} s)`,
)
console.log(`  ratio: ${(verifyRate / hashRate).toFixed(2)}× (target ≥ 0.5×)`)
if (values.database) await fromDatabase()
