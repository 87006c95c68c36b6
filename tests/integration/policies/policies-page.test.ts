import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  PUBLIC_URL,
  signedInVisitor,
  startSeededConsole,
  type SeededConsole,
  type Visitor,
} from '../../helpers/seeded-console'

// The policies page (issue 15, decision 0049) through the built console, a seeded database and
// Keycloak: a platform administrator's bad input comes back at its fields with everything typed
// kept, nothing saved; a good one saves the next version; an operator's post is refused (403).

let started: SeededConsole
let admin: Visitor
let operator: Visitor

beforeAll(async () => {
  started = await startSeededConsole({ env: { PUBLIC_URL } })
  admin = await signedInVisitor(started.server, 'quang.ly')
  operator = await signedInVisitor(started.server, 'duc.dang')
}, 300_000)
afterAll(async () => started?.stop())

const FORM = {
  basedOn: '1',
  'threshold:cpu': '16',
  'threshold:memory': '64',
  'threshold:pods': '500',
  'threshold:gpu': '1',
  'threshold:volume:*': '2048',
  'threshold:objectStorage': '5120',
  'threshold:buckets': '20',
  'threshold:backupStorage': '5120',
  twoOperatorWindowDays: '30',
  increaseUsagePercent: '80',
  graceDays: '30',
  reservedNamespaces: 'default\nkube-*\ngovcloud-*\nso-tc-*',
  reason: 'Thắt chặt ngưỡng vCPU theo chỉ đạo của Sở',
}

describe('the policies page', () => {
  it('shows the version in force to the administrator, in Vietnamese', async () => {
    const page = await admin.get('/policies')
    expect(page.status).toBe(200)
    const html = await page.text()
    expect(html).toContain('Đang áp dụng: phiên bản 1')
    expect(html).toContain('Lịch sử thay đổi')
    // In the administrator's navigation, and in no one else's.
    expect(html).toContain('href="/policies"')
    expect(await (await operator.get('/')).text()).not.toContain('href="/policies"')
  })

  it('keeps everything typed on a bad input and says what is wrong, saving nothing', async () => {
    const bad = await admin.post('/policies', {
      ...FORM,
      'threshold:cpu': '0',
      graceDays: 'ba mươi',
      reservedNamespaces: 'Kube_System',
    })
    expect(bad.status).toBe(422)
    const html = await bad.text()
    expect(html).toContain('Ngưỡng phải là số nguyên từ 1 đến 1000000.')
    expect(html).toContain('Giá trị này phải là số nguyên.')
    expect(html).toContain('Tên dành riêng phải là tên namespace')
    expect(html).toContain('value="ba mươi"')
    expect(html).toContain('Kube_System')
    expect(html).toContain('Thắt chặt ngưỡng vCPU theo chỉ đạo của Sở')
    expect(await started.database.db.policyVersion.count()).toBe(1)
  })

  it('saves a good one as version 2, and refuses an operator', async () => {
    expect((await operator.post('/policies', FORM)).status).toBe(403)
    const saved = await admin.post('/policies', FORM)
    expect(saved.status).toBe(302)
    expect(saved.headers.get('location')).toContain('/policies?saved=2')
    const row = await started.database.db.policyVersion.findUniqueOrThrow({ where: { version: 2 } })
    expect(row.reason).toBe(FORM.reason)
    expect(row.createdById).not.toBeNull()
    expect(row.settings).toMatchObject({ twoOperatorThresholds: { cpu: 16, memory: 64 } })
    expect(await started.database.db.policyVersion.count()).toBe(2)
  })
})
