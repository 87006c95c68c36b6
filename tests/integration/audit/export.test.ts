import { execFileSync, spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { exportBundle, type ExportFormat } from '#server/audit/export'
import { appendAudit } from '#server/audit/log'
import type { LockedObjects } from '#server/platform/storage/locked-objects'
import { createTestDatabase, type TestDatabase } from '../../helpers/database'
import { appendEntries, connectTestBucket, trailOf, type Trail } from './support'

// The export a third party verifies (decision 0037): a real trail with signed checkpoints in
// SeaweedFS, exported as JSON and as CSV, unpacked with tar and checked by the bundle's own
// verify.py (Python and OpenSSL, nothing of ours); then the bundle tampered with, and caught.

let bucket: LockedObjects
let t: TestDatabase
let trail: Trail

beforeAll(async () => {
  bucket = connectTestBucket()
  await bucket.ensureBucket(1)
  t = await createTestDatabase()
  trail = trailOf(t, bucket)
  await appendEntries(t.db, 4)
  // What a spreadsheet would take for formulas, an empty user agent, quotes, commas, new lines.
  await t.db.$transaction((tx) =>
    appendAudit(tx, {
      actor: { id: 'system:expiry', label: '=HYPERLINK("http://evil.example","Đặng")' },
      action: 'request.expire',
      entityType: 'QuotaRequest',
      entityId: 'req-\'quoted\', "and"\nnew line',
      outcome: 'failed',
      before: { '10': 'ten', '9': 'nine', note: '+1' },
      after: null,
      origin: { ip: '-10.0.0.1', userAgent: '' },
    }),
  )
  await trail.checkpoint()
  await appendEntries(t.db, 3)
  await trail.checkpoint()
  await appendEntries(t.db, 2) // newer than the last checkpoint
})
afterAll(async () => {
  bucket?.close()
  await t?.drop()
})

/** The bundle for everything, unpacked into a fresh folder; returns the folder. */
async function exported(format: ExportFormat): Promise<string> {
  const bundle = await exportBundle(
    { db: t.db, publicKey: trail.publicKey },
    { where: {}, search: {}, format, by: 'Phạm Thị Hương (huong.pham)', now: new Date() },
  )
  expect(bundle.entries).toBe(10)
  const dir = mkdtempSync(join(tmpdir(), 'audit-export-'))
  writeFileSync(join(dir, 'bundle.tar.gz'), bundle.body)
  execFileSync('tar', ['xzf', 'bundle.tar.gz'], { cwd: dir })
  return join(dir, bundle.name)
}

const verifyPy = (dir: string) => spawnSync('python3', ['verify.py'], { cwd: dir, encoding: 'utf8' })

describe('the export', () => {
  it.each(['json', 'csv'] as const)(
    'in %s holds what a third party needs, and verify.py accepts it',
    async (format) => {
      const dir = await exported(format)
      expect(readdirSync(dir).sort()).toEqual(
        ['README.md', 'checkpoints', `entries.${format}`, 'export.json', 'public-key.pem', 'verify.py'].sort(),
      )
      expect(readdirSync(join(dir, 'checkpoints'))).toEqual([
        '000000000001.json',
        '000000000001.sig',
        '000000000002.json',
        '000000000002.sig',
      ])
      expect(readFileSync(join(dir, 'README.md'), 'utf8')).toMatch(
        /Kiểm tra \(tiếng Việt\)[\s\S]*Verifying \(English\)/,
      )
      const result = verifyPy(dir)
      expect(result.stderr).toBe('')
      expect(result.stdout).toContain(
        '2 checkpoints verified; 8 entries match a signed checkpoint, 2 are newer than the last one in this export',
      )
      expect(result.status).toBe(0)
    },
  )

  it('in CSV keeps a spreadsheet from reading formulas', async () => {
    const csv = readFileSync(join(await exported('csv'), 'entries.csv'), 'utf8')
    expect(csv).toContain(`"'=HYPERLINK(""http://evil.example"",""Đặng"")"`)
    expect(csv).not.toMatch(/(^|,)=HYPERLINK/m)
  })

  it('is caught by verify.py when an entry or a checkpoint was changed', async () => {
    const dir = await exported('json')
    const path = join(dir, 'entries.json')
    const original = readFileSync(path, 'utf8')
    writeFileSync(path, original.replace('"outcome": "failed"', '"outcome": "ok"'))
    let result = verifyPy(dir)
    expect(result.status).toBe(1)
    expect(result.stdout).toMatch(/PROBLEM: entry #5: outcome differ from what was hashed/)

    const document = JSON.parse(original) as { entries: { seq: number; content: string; hash: string }[] }
    const fifth = document.entries.find((e) => e.seq === 5)!
    fifth.content = fifth.content.replace('"outcome":"failed"', '"outcome":"ok"')
    writeFileSync(path, JSON.stringify(document))
    result = verifyPy(dir)
    expect(result.stdout).toMatch(/PROBLEM: entry #5: its content does not give its hash/)

    writeFileSync(path, original)
    const checkpoint = join(dir, 'checkpoints', '000000000002.json')
    writeFileSync(checkpoint, readFileSync(checkpoint, 'utf8').replace('"number":2', '"number":3'))
    result = verifyPy(dir)
    expect(result.status).toBe(1)
    expect(result.stdout).toMatch(/PROBLEM: checkpoint 000000000002.json: the signature does not verify/)
  })
})
