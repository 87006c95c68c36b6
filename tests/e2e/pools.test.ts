import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { applyLedgerDeltas } from '#server/db/ledger'
import { readPlatformCapacity } from '#server/pools/readings'
import type { KubernetesConnection } from '#server/platform/kubernetes/connection'
import { collectScriptErrors, startBrowserConsole, type BrowserConsole } from '../helpers/browser'
import { makeAgency, makeProject } from '../helpers/fixtures'
import { connectStackKubernetes } from '../helpers/platform'

// The capacity pools' pages in Chromium (issue 15, decision 0054): an operator reaches the list
// from the queue, reads each pool beside the platform's latest reading (the real API server's
// nodes, read under the console's identity), opens compute-main's form, is refused a CPU below
// what is allocated beside the field with what was typed kept, then saves version 2 with the
// reading as its evidence, shown in the pool's history; no script error on the way.

let started: BrowserConsole
let kube: KubernetesConnection

beforeAll(async () => {
  started = await startBrowserConsole()
  kube = await connectStackKubernetes()
}, 300_000)
afterAll(async () => {
  await kube?.close()
  await started?.stop()
})

describe('the capacity pools in the browser', () => {
  it('lists the pools and takes a new version only at or above what is allocated', { timeout: 120_000 }, async () => {
    const { browser, server, database } = started
    const db = database.db
    const [reading] = await readPlatformCapacity(db, { kubeConfig: kube.kubeConfig })
    expect(reading?.source).toBe('kubernetes')
    // 30 vCPU more granted from compute-main, beside what the seed's requests hold.
    const projectId = await makeProject(db, await makeAgency(db, 'Sở Y tế'))
    await db.$transaction((tx) =>
      applyLedgerDeltas(tx, {
        projectId,
        requestId: null,
        deltas: [{ resource: 'cpu', delta: 30_000n }],
        reason: 'test',
      }),
    )
    const allocated = await db.poolResource.findUniqueOrThrow({ where: { resource: 'cpu' } })
    // The least whole vCPU that holds what is allocated at 4:1, and one less, which does not.
    const enough = (allocated.allocated + 3_999n) / 4_000n
    const short = String(enough - 1n)

    const context = await browser.newContext({ locale: 'vi-VN' })
    const page = await context.newPage()
    const errors = collectScriptErrors(page, 422)
    await page.goto(`${server.url}/queue`)
    await started.signIn(page, 'duc.dang')
    await page.getByRole('link', { name: 'Các vùng tài nguyên' }).click()
    await page.locator('main h1', { hasText: 'Vùng tài nguyên' }).waitFor()
    const listed = page.locator('section[data-pool="compute-main"]')
    expect(await listed.innerText()).toContain('Đọc từ các node Kubernetes')
    expect(await listed.locator('tr', { hasText: 'CPU' }).innerText()).toContain('4:1')

    await listed.getByRole('link', { name: 'Sửa vùng tài nguyên' }).click()
    await page.waitForURL(/\/pools\/compute-main\/edit$/)
    const cpuRow = page.locator('tr[data-resource="cpu"]')
    // The reading beside the figures in force: the nodes' CPU as the platform reported it.
    const nodesCpu = (Number(reading!.totals.cpu) / 1000).toLocaleString('vi-VN')
    expect(await cpuRow.innerText()).toContain(nodesCpu)
    const cpu = page.getByLabel('Vật lý mới: CPU')
    await cpu.fill(short)
    await page.getByLabel('Lý do thay đổi').fill('Hai máy chủ ngừng hoạt động')
    await page.getByRole('button', { name: 'Lưu phiên bản mới' }).click()
    await cpuRow.getByText(/Không thể thu nhỏ/).waitFor()
    expect(await cpu.inputValue()).toBe(short)
    expect(await page.getByLabel('Lý do thay đổi').inputValue()).toBe('Hai máy chủ ngừng hoạt động')
    expect(await db.poolVersion.count({ where: { pool: { code: 'compute-main' } } })).toBe(1)
    expect((await db.poolResource.findUniqueOrThrow({ where: { resource: 'cpu' } })).physical).toBe(allocated.physical)

    await cpu.fill(String(enough))
    await page.getByRole('button', { name: 'Lưu phiên bản mới' }).click()
    await page.waitForURL(/\/pools\/compute-main\/edit\?saved=2$/)
    await page.getByText('Đã lưu phiên bản 2 của vùng compute-main.').waitFor()
    const history = page.locator('section', { has: page.getByRole('heading', { name: 'Các phiên bản và căn cứ' }) })
    const latest = history.locator('tbody tr').first()
    expect(await latest.innerText()).toContain('Hai máy chủ ngừng hoạt động')
    expect(await latest.innerText()).toContain('Đọc từ các node Kubernetes')
    const version = await db.poolVersion.findFirstOrThrow({ where: { pool: { code: 'compute-main' }, version: 2 } })
    expect(version.readingId).toBe(reading!.id)
    expect((await db.poolResource.findUniqueOrThrow({ where: { resource: 'cpu' } })).physical).toBe(enough * 1_000n)
    expect(errors).toEqual([])
    await context.close()
  })
})
