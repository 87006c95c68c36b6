import { execFileSync, spawnSync } from 'node:child_process'
import { generateKeyPairSync, randomBytes } from 'node:crypto'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { VERIFY_JOB } from '#server/audit/jobs'
import { writeCheckpoints } from '#server/audit/write-checkpoint'
import type { LockedObjects } from '#server/platform/storage/locked-objects'
import {
  PUBLIC_URL,
  signedInVisitor,
  startSeededConsole,
  type SeededConsole,
  type Visitor,
} from '../../helpers/seeded-console'
import { TEST_RETENTION_MS, appendEntries, connectTestBucket } from './support'

// The audit trail in the console, over HTTP as a browser asks for it: the security officer's page
// (integrity, search, place in the chain), the export, "verify now"; and the attack: agency staff
// and operators asking for the page, their own agency's entries, the export and a verification,
// refused with 403 and nothing of the trail in the answer, each refusal itself in the trail.

let started: SeededConsole
let bucket: LockedObjects
let security: Visitor
const { privateKey, publicKey } = generateKeyPairSync('ed25519')
const prefix = `console-${randomBytes(6).toString('hex')}/`

/** Signs what the trail holds now, as the worker would at `now` (locked for an hour from the real now). */
const checkpoint = (now = new Date()) =>
  writeCheckpoints({
    db: started.database.db,
    bucket,
    signingKey: privateKey,
    prefix,
    retentionMs: Date.now() - now.getTime() + TEST_RETENTION_MS,
    now: () => now,
  })

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'audit-console-'))
  writeFileSync(join(dir, 'verify.pem'), publicKey.export({ type: 'spki', format: 'pem' }))
  bucket = connectTestBucket()
  await bucket.ensureBucket(1)
  started = await startSeededConsole({
    // No storage keys (decision 0032): the console reads the checkpoints' copies in the database.
    env: { PUBLIC_URL, AUDIT_VERIFY_KEY_FILE: join(dir, 'verify.pem'), AUDIT_CHECKPOINT_SECONDS: '600' },
  })
  security = await signedInVisitor(started.server, 'huong.pham')
}, 300_000)

afterAll(async () => {
  bucket?.close()
  await started?.stop()
})

const text = async (response: Response) => (await response.text()).replace(/\u00a0/g, ' ')

describe('the audit page, for a security officer', () => {
  it('shows a stale last checkpoint, then a fresh one, with each entry signed by it', async () => {
    await checkpoint(new Date(Date.now() - 2 * 3600_000))
    let page = await text(await security.get('/audit'))
    expect(page).toContain('Nhật ký kiểm toán')
    expect(page).toMatch(/Số 1, ký lúc .* \(2 giờ trước\)/)
    expect(page).toContain('Quá hạn: cứ 10 phút phải có một điểm kiểm tra mới.')

    await checkpoint()
    await appendEntries(started.database.db, 1) // after the last checkpoint: not signed yet
    page = await text(await security.get('/audit'))
    expect(page).toMatch(/Số 2, ký lúc .* \(0 phút trước\)/)
    expect(page).not.toContain('Quá hạn')
    expect(page).toContain('Đã ký ở điểm kiểm tra số 1')
    expect(page).toContain('Chưa được ký (sau điểm kiểm tra cuối cùng)')
  })

  it('searches by action and outcome, pages by seq, and refuses a malformed search', async () => {
    const page = await text(await security.get('/audit?action=session.open&outcome=ok'))
    expect(page).toMatch(/<code>session\.open<\/code>/)
    expect(page).not.toMatch(/<code>request\.[a-z_]+<\/code>/)
    expect((await security.get('/audit?outcome=maybe')).status).toBe(400)
    expect((await security.get('/audit?before=abc')).status).toBe(400)
  })

  it('shows with each entry the reference of the request that wrote it, the one its response and log lines name', async () => {
    // huong.pham's own sign-in, through the built console: its callback's request id (decision 0070).
    const entry = await started.database.db.auditEntry.findFirstOrThrow({
      where: { action: 'session.open' },
      orderBy: { seq: 'desc' },
    })
    expect(entry.requestId).toMatch(/^[0-9A-F]{16}$/)
    expect(started.server.output()).toContain(`"requestId":"${entry.requestId}"`)
    const page = await text(await security.get('/audit?action=session.open'))
    expect(page).toContain(`Mã tham chiếu: ${entry.requestId}`)
  })

  it("finds a request's entries by the reference its response gave, and leads from an entry to the others of its request", async () => {
    // lan.hoang is refused the trail: the refusal is recorded under the reference her answer named.
    const refused = await (await signedInVisitor(started.server, 'lan.hoang')).get('/audit?agency=so-tc')
    expect(refused.status).toBe(403)
    const reference = refused.headers.get('x-request-id')!
    expect(reference).toMatch(/^[0-9A-F]{16}$/)
    const written = await started.database.db.auditEntry.count({ where: { requestId: reference } })
    expect(written).toBeGreaterThan(0)
    const page = await text(await security.get(`/audit?request=${reference}`))
    // Every entry of that request, and only those: each row links to the entries of its request.
    expect([...page.matchAll(/href="\/audit\?request=([A-Za-z0-9-]+)"/g)].map((m) => m[1])).toEqual(
      Array<string>(written).fill(reference),
    )
    expect(page).toContain(`Mã tham chiếu: ${reference}`)
    expect(page).toContain(`value="${reference}"`)
    expect(page).toContain('Các mục cùng yêu cầu')
    // A reference is letters, digits and hyphens only.
    expect((await security.get('/audit?request=%3Cscript%3E')).status).toBe(400)
    expect((await security.get(`/audit?request=${'A'.repeat(65)}`)).status).toBe(400)
  })

  it('exports the search as a bundle that verify.py accepts, and records the export', async () => {
    const response = await security.get('/audit/export?format=csv&action=session.open')
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('application/gzip')
    const dir = mkdtempSync(join(tmpdir(), 'audit-console-export-'))
    writeFileSync(join(dir, 'bundle.tar.gz'), Buffer.from(await response.arrayBuffer()))
    execFileSync('tar', ['xzf', 'bundle.tar.gz'], { cwd: dir })
    const folder = join(
      dir,
      execFileSync('ls', [dir], { encoding: 'utf8' })
        .split('\n')
        .find((f) => f.startsWith('audit-export-'))!,
    )
    const result = spawnSync('python3', ['verify.py'], { cwd: folder, encoding: 'utf8' })
    expect(result.stdout).toMatch(/^1 checkpoints verified; \d+ entries match a signed checkpoint/)
    expect(result.status).toBe(0)
    const recorded = await started.database.db.auditEntry.findFirst({ where: { action: 'audit.export' } })
    expect(recorded).toMatchObject({ actorLabel: 'Phạm Thị Hương', outcome: 'ok' })
  })

  it('queues a full verification when asked, as asked by them', async () => {
    const response = await security.post('/audit', { intent: 'verify' })
    expect(response.status).toBe(302)
    const job = await started.database.db.job.findFirstOrThrow({ where: { kind: VERIFY_JOB, state: 'queued' } })
    const user = await started.database.db.user.findUniqueOrThrow({ where: { username: 'huong.pham' } })
    expect(job.payload).toEqual({ requestedBy: user.id })
    expect(await text(await security.get('/audit'))).toContain('Đang kiểm tra toàn bộ nhật ký')
  })
})

describe('the audit trail, asked for by everyone else', () => {
  it.each([
    ['an.nguyen', 'agency staff'],
    ['duc.dang', 'a data-centre operator'],
  ])('is refused to %s (%s): page, own agency, export and verification, each refusal recorded', async (username) => {
    const visitor = await signedInVisitor(started.server, username)
    const newest = await started.database.db.auditEntry.findFirstOrThrow({ orderBy: { seq: 'desc' } })
    for (const path of ['/audit', '/audit?agency=so-khcn', '/audit/export?format=json&agency=so-khcn']) {
      const response = await visitor.get(path)
      expect(response.status, path).toBe(403)
      const body = await response.text()
      expect(body).not.toContain(newest.hash)
      expect(body).not.toContain('Vị trí trong chuỗi')
    }
    expect((await visitor.post('/audit', { intent: 'verify' })).status).toBe(403)
    const user = await started.database.db.user.findUniqueOrThrow({ where: { username } })
    const refusals = await started.database.db.auditEntry.findMany({
      where: { actorId: user.id, action: 'audit.read', outcome: 'denied' },
    })
    expect(refusals.map((r) => r.entityId).sort()).toEqual(['/audit', '/audit', '/audit', '/audit/export'])
  })

  it('is shown to a platform administrator, as the permission map says', async () => {
    const admin = await signedInVisitor(started.server, 'quang.ly')
    expect((await admin.get('/audit')).status).toBe(200)
  })
})
