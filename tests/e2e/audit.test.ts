import { generateKeyPairSync, randomBytes } from 'node:crypto'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { writeCheckpoints } from '#server/audit/write-checkpoint'
import type { LockedObjects } from '#server/platform/storage/locked-objects'
import { startBrowserConsole, type BrowserConsole } from '../helpers/browser'
import { TEST_RETENTION_MS, connectTestBucket } from '../helpers/audit'

// A security officer searches the audit trail in Chromium: the integrity panel with the last
// signed checkpoint, the search form (a plain GET), each entry's place in the chain and its
// details, and asking for a full verification; with no script error on the way (the CSP holds).

let started: BrowserConsole
let bucket: LockedObjects

beforeAll(async () => {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519')
  const dir = mkdtempSync(join(tmpdir(), 'audit-e2e-'))
  writeFileSync(join(dir, 'verify.pem'), publicKey.export({ type: 'spki', format: 'pem' }))
  started = await startBrowserConsole({ env: { AUDIT_VERIFY_KEY_FILE: join(dir, 'verify.pem') } })
  bucket = connectTestBucket()
  await bucket.ensureBucket(1)
  await writeCheckpoints({
    db: started.database.db,
    bucket,
    signingKey: privateKey,
    prefix: `e2e-${randomBytes(6).toString('hex')}/`,
    retentionMs: TEST_RETENTION_MS,
  })
}, 300_000)

afterAll(async () => {
  bucket?.close()
  await started?.stop()
})

describe('the audit trail in the browser', () => {
  it('is searched by a security officer, each entry with its place in the chain', { timeout: 120_000 }, async () => {
    const { browser, server } = started
    const context = await browser.newContext({ locale: 'vi-VN' })
    const page = await context.newPage()
    const errors: string[] = []
    page.on('pageerror', (error) => errors.push(error.message))
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text())
    })
    await page.goto(`${server.url}/audit`)
    await started.signIn(page, 'huong.pham')
    await page.locator('main h1', { hasText: 'Nhật ký kiểm toán' }).waitFor()
    // The trail is a page of the security workspace: its header entry, and its own in the sub-navigation.
    expect(await page.locator('nav.site-nav a[aria-current="page"]').innerText()).toBe('Bảo mật')
    expect(await page.locator('nav.sub-nav a[aria-current="page"]').innerText()).toBe('Nhật ký kiểm toán')
    expect(await page.getByTestId('last-checkpoint').innerText()).toMatch(/^Số 1, ký lúc /)

    await page.getByLabel('Hành động').selectOption('request.create')
    await page.getByLabel('Kết quả').selectOption('ok')
    await page.getByRole('button', { name: 'Tìm' }).click()
    await page.waitForURL(/action=request\.create/)
    // The URL changes before the filtered table has rendered (CI once read the unfiltered one):
    // wait for the rows themselves.
    const rows = page.locator('main table tbody tr')
    await expect
      .poll(async () => [...new Set(await rows.locator('td:nth-child(4)').allInnerTexts())])
      .toEqual(['request.create'])
    expect(new Set(await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-checkpoint'))))).toEqual(
      new Set(['1']),
    )
    expect(await rows.first().innerText()).toContain('Đã ký ở điểm kiểm tra số 1')

    await rows.first().locator('summary').click()
    await expect.poll(() => rows.first().locator('details pre').first().isVisible()).toBe(true)

    await page.getByRole('button', { name: 'Kiểm tra ngay' }).click()
    await page.getByText('Đang kiểm tra toàn bộ nhật ký; kết quả sẽ hiện ở đây.').waitFor()
    expect(page.url()).toMatch(/action=request\.create/)
    expect(errors).toEqual([])
    await context.close()
  })
})
