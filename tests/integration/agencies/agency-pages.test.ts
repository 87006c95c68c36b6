import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { applyDueMerges } from '#server/agencies/merge'
import { createAgency } from '#server/agencies/store'
import { makeProject } from '../../helpers/fixtures'
import { localDateOf, localMidnight } from '#server/domain/local-calendar'
import {
  PUBLIC_URL,
  signedInVisitor,
  startSeededConsole,
  type SeededConsole,
  type Visitor,
} from '../../helpers/seeded-console'

// The agencies' administration pages (issue 15, decisions 0052 and 0057) through the built console,
// a seeded database and Keycloak: a platform administrator's bad input comes back at its field with
// what was typed kept, a good one is saved with its diacritics, a crafted move that makes a cycle is
// refused; a merger is previewed (what will move) and then carried out, a bad one refused at its
// field; a scheduled one is cancelled, an applied one is not; one refused when it fell due is shown
// with why and cleared, so that the agency can be merged again; a confirmation whose figures moved
// since its preview is refused with the new figures and nothing changed (decision 0075); agency staff, operators and security officers get 403 on every page and form, and nothing
// changes.

let started: SeededConsole
let admin: Visitor
let others: Record<'staff' | 'operator' | 'security', Visitor>
const DONG_DANG = 'Ủy ban nhân dân xã Đồng Đăng'
const today = localDateOf(new Date())

beforeAll(async () => {
  started = await startSeededConsole({ env: { PUBLIC_URL } })
  admin = await signedInVisitor(started.server, 'quang.ly')
  others = {
    staff: await signedInVisitor(started.server, 'an.nguyen'),
    operator: await signedInVisitor(started.server, 'duc.dang'),
    security: await signedInVisitor(started.server, 'huong.pham'),
  }
}, 300_000)
afterAll(async () => started?.stop())

const db = () => started.database.db
const snapshot = async () => ({
  agencies: await db().agency.findMany({ orderBy: { code: 'asc' } }),
  audit: await db().auditEntry.count({ where: { action: { startsWith: 'agency.' }, outcome: 'ok' } }),
  merges: await db().agencyMerge.count(),
  projects: await db().project.findMany({ orderBy: { id: 'asc' }, select: { id: true, agencyId: true } }),
})
/** Everyone but the administrator posts the page's cancel (or clear) and gets 403; nothing changes. */
async function cancelRefusedToOthers(code: string) {
  const before = await snapshot()
  for (const [role, visitor] of Object.entries(others))
    expect((await visitor.post(`/admin/agencies/${code}`, { intent: 'merge-cancel' })).status, role).toBe(403)
  expect(await snapshot()).toEqual(before)
  return before
}
const denials = () => db().auditEntry.count({ where: { action: 'agency.manage', outcome: 'denied' } })

describe('the administrator', () => {
  it('sees the page in Vietnamese, in the navigation, with the form and the list', async () => {
    const page = await admin.get('/admin/agencies')
    expect(page.status).toBe(200)
    const html = await page.text()
    expect(html).toContain('Quản lý cơ quan')
    expect(html).toContain('href="/admin/agencies/so-khcn"')
    expect(html).toContain('href="/admin/agencies"')
    expect((await admin.get('/admin/agencies/khong-ton-tai')).status).toBe(404)
    expect(await (await others.operator.get('/')).text()).not.toContain('href="/admin/agencies"')
  })

  it('gets a bad code back at its field with the names typed kept, and nothing saved', async () => {
    const before = await snapshot()
    const bad = await admin.post('/admin/agencies', {
      code: 'xã đồng đăng',
      nameVi: DONG_DANG,
      nameEn: '',
      kind: 'people-committee',
      parentCode: 'ubnd-tinh',
    })
    expect(bad.status).toBe(422)
    const html = await bad.text()
    expect(html).toContain('chỉ được gồm chữ thường không dấu')
    expect(html).toContain(`value="${DONG_DANG}"`)
    expect(await snapshot()).toEqual(before)
  })

  it('adds an agency with its diacritics, and refuses a crafted move that makes a cycle', async () => {
    const made = await admin.post('/admin/agencies', {
      code: 'ubnd-xa-dong-dang-moi',
      nameVi: DONG_DANG,
      kind: 'people-committee',
      parentCode: 'ubnd-tinh',
    })
    expect(made.status).toBe(302)
    expect((await db().agency.findUniqueOrThrow({ where: { code: 'ubnd-xa-dong-dang-moi' } })).nameVi).toBe(DONG_DANG)

    const before = await snapshot()
    const cycle = await admin.post('/admin/agencies/ubnd-tinh', {
      intent: 'reparent',
      parentCode: 'ubnd-xa-dong-dang-moi',
    })
    expect(cycle.status).toBe(422)
    const refused = await cycle.text()
    expect(refused).toContain('vì đó là cơ quan cấp dưới của cơ quan này')
    // The refusal stands at the top of its own form, linked to its field; the other forms have none.
    expect(refused).toContain('aria-labelledby="reparent-error-summary"')
    expect(refused).not.toContain('aria-labelledby="rename-error-summary"')
    expect(await snapshot()).toEqual(before)

    // An active agency's page: each form in its section, in this order, with its button.
    const page = await (await admin.get('/admin/agencies/ubnd-tinh')).text()
    const order = [
      'Đổi tên',
      'Lưu tên mới',
      'Chuyển cơ quan chủ quản',
      'Ngừng hoạt động',
      'Cơ quan ngừng hoạt động giữ nguyên lịch sử',
      'Cho ngừng hoạt động',
      'Sáp nhập vào cơ quan khác',
    ]
    const at = order.map((text) => page.indexOf(text))
    expect(at.every((index) => index > 0)).toBe(true)
    expect([...at].sort((a, b) => a - b)).toEqual(at)
  })

  it('renames and archives, after which the page only shows history', async () => {
    const renamed = await admin.post('/admin/agencies/ubnd-xa-dong-dang-moi', {
      intent: 'rename',
      nameVi: 'UBND xã Đồng Đăng (mới)',
      nameEn: '',
    })
    expect(renamed.status).toBe(302)
    expect((await admin.post('/admin/agencies/ubnd-xa-dong-dang-moi', { intent: 'archive' })).status).toBe(302)
    const row = await db().agency.findUniqueOrThrow({ where: { code: 'ubnd-xa-dong-dang-moi' } })
    expect(row).toMatchObject({ nameVi: 'UBND xã Đồng Đăng (mới)', status: 'archived' })
    expect(await (await admin.get('/admin/agencies/ubnd-xa-dong-dang-moi')).text()).toContain(
      'chỉ còn xem được lịch sử',
    )
  })
})

describe('a merger from the page', () => {
  it('previews what will move, refuses a bad one at its field keeping what was typed, then carries it out', async () => {
    const before = await snapshot()
    const preview = await admin.post('/admin/agencies/so-tc', {
      intent: 'merge-preview',
      intoCode: 'so-khcn',
      effectiveDate: today,
    })
    expect(preview.status).toBe(200)
    const html = await preview.text()
    const moving = await db().project.findMany({ where: { agency: { code: 'so-tc' } }, select: { namespace: true } })
    expect(moving.length).toBeGreaterThan(0)
    for (const { namespace } of moving) expect(html).toContain(`(${namespace})`)
    expect(html).toContain(`Sáp nhập vào Sở Khoa học và Công nghệ từ ngày ${today.split('-').reverse().join('/')}`)
    expect(html).toContain('Xác nhận sáp nhập')
    expect(await snapshot()).toEqual(before)

    const early = await admin.post('/admin/agencies/so-tc', {
      intent: 'merge',
      intoCode: 'so-khcn',
      effectiveDate: '2020-01-01',
    })
    expect(early.status).toBe(422)
    const refusal = await early.text()
    expect(refusal).toContain('quá sớm')
    expect(refusal).toContain('value="2020-01-01"')
    const below = await admin.post('/admin/agencies/so-khcn', {
      intent: 'merge-preview',
      intoCode: 'ttcns',
      effectiveDate: today,
    })
    expect(below.status).toBe(422)
    expect(await below.text()).toContain('là cơ quan cấp dưới của')
    expect(await snapshot()).toEqual(before)

    const done = await admin.post('/admin/agencies/so-tc', {
      intent: 'merge',
      intoCode: 'so-khcn',
      effectiveDate: today,
    })
    expect(done.status).toBe(302)
    expect(done.headers.get('location')).toBe('/admin/agencies/so-tc?merged=applied')
    const into = await db().agency.findUniqueOrThrow({ where: { code: 'so-khcn' } })
    expect(await db().agency.findUniqueOrThrow({ where: { code: 'so-tc' } })).toMatchObject({
      status: 'merged',
      mergedIntoId: into.id,
    })
    expect(await db().project.count({ where: { agency: { code: 'so-tc' } } })).toBe(0)
    expect(await (await admin.get('/admin/agencies/so-tc?merged=applied')).text()).toContain('Đã sáp nhập so-tc')
  })

  it('cancels a scheduled merger for the administrator alone; an applied one is answered, not cancelled', async () => {
    const later = localDateOf(new Date(Date.now() + 30 * 86_400_000))
    const form = { intent: 'merge', intoCode: 'so-gddt', effectiveDate: later }
    expect((await admin.post('/admin/agencies/so-yt', form)).headers.get('location')).toBe(
      '/admin/agencies/so-yt?merged=scheduled',
    )
    const page = await (await admin.get('/admin/agencies/so-yt')).text()
    expect(page).toContain('value="merge-cancel"')
    expect(page).toContain('Hủy lịch sáp nhập')
    const before = await cancelRefusedToOthers('so-yt')

    const cancelled = await admin.post('/admin/agencies/so-yt', { intent: 'merge-cancel' })
    expect(cancelled.headers.get('location')).toBe('/admin/agencies/so-yt?merged=cancelled')
    expect(await db().agencyMerge.count()).toBe(before.merges - 1)
    const trail = await db().auditEntry.count({ where: { action: 'agency.merge_cancelled', outcome: 'ok' } })
    expect(trail).toBe(1)
    expect(await (await admin.get('/admin/agencies/so-yt?merged=cancelled')).text()).toContain(
      'Đã hủy lịch sáp nhập của so-yt.',
    )
    const applied = await admin.post('/admin/agencies/so-tc', { intent: 'merge-cancel' })
    expect(applied.status).toBe(422)
    expect(await applied.text()).toContain('đã được thực hiện nên không thể hủy')
  })
})

describe('a merger refused when it fell due', () => {
  it('is shown with why, cleared by the administrator alone, and the agency may be merged again', async () => {
    const later = localDateOf(new Date(Date.now() + 20 * 86_400_000))
    const made = await createAgency(
      db(),
      { code: 'so-moi', nameVi: 'Sở Mới thành lập', nameEn: 'New department', kind: 'department', parentCode: null },
      { actor: { id: 'system:test', label: 'Kiểm thử' } },
    )
    expect(made.ok).toBe(true)
    const form = { intent: 'merge', intoCode: 'so-moi', effectiveDate: later }
    expect((await admin.post('/admin/agencies/bv-da-khoa-tinh', form)).status).toBe(302)
    expect((await admin.post('/admin/agencies/so-moi', { intent: 'archive' })).status).toBe(302)
    const due = await applyDueMerges(db(), localMidnight(later))
    expect(due.find((m) => m.fromCode === 'bv-da-khoa-tinh')?.state).toBe('refused')

    const page = await (await admin.get('/admin/agencies/bv-da-khoa-tinh')).text()
    expect(page).toContain('đã bị từ chối khi đến hạn')
    expect(page).toContain('vì cơ quan này đã ngừng hoạt động')
    expect(page).toContain('Xóa việc sáp nhập bị từ chối')
    const again = await admin.post('/admin/agencies/bv-da-khoa-tinh', { ...form, intoCode: 'so-khcn' })
    expect(again.status).toBe(422)
    expect(await again.text()).toContain('hãy xóa việc sáp nhập bị từ chối trước khi yêu cầu sáp nhập lại')
    const before = await cancelRefusedToOthers('bv-da-khoa-tinh')

    const cleared = await admin.post('/admin/agencies/bv-da-khoa-tinh', { intent: 'merge-cancel' })
    expect(cleared.headers.get('location')).toBe('/admin/agencies/bv-da-khoa-tinh?merged=cleared')
    expect(await db().agencyMerge.count()).toBe(before.merges - 1)
    expect(await db().auditEntry.count({ where: { action: 'agency.merge_cleared', outcome: 'ok' } })).toBe(1)
    const after = await (await admin.get('/admin/agencies/bv-da-khoa-tinh?merged=cleared')).text()
    expect(after).toContain('Đã xóa việc sáp nhập bị từ chối của bv-da-khoa-tinh')
    expect(after).not.toContain('Xóa việc sáp nhập bị từ chối<')
    const scheduled = await admin.post('/admin/agencies/bv-da-khoa-tinh', { ...form, intoCode: 'so-khcn' })
    expect(scheduled.headers.get('location')).toBe('/admin/agencies/bv-da-khoa-tinh?merged=scheduled')
  })
})

describe('confirming a merger from the page', () => {
  it('is refused with the figures as they are now when they moved since the preview, nothing changed', async () => {
    const later = localDateOf(new Date(Date.now() + 25 * 86_400_000))
    const asked = { intoCode: 'so-khcn', effectiveDate: later }
    const fingerprintOf = (html: string) => /name="previewed" value="([^"]+)"/.exec(html)?.[1] ?? ''
    const preview = await admin.post('/admin/agencies/ubnd-tp-lang-son', { intent: 'merge-preview', ...asked })
    expect(preview.status).toBe(200)
    const seen = fingerprintOf(await preview.text())
    expect(seen).not.toBe('')
    const agency = await db().agency.findUniqueOrThrow({ where: { code: 'ubnd-tp-lang-son' } })
    await makeProject(db(), agency.id, { name: 'Hệ thống mới đăng ký' })
    const before = await snapshot()
    const stale = await admin.post('/admin/agencies/ubnd-tp-lang-son', { intent: 'merge', ...asked, previewed: seen })
    expect(stale.status).toBe(422)
    const html = await stale.text()
    expect(html).toContain('đã thay đổi kể từ khi xem trước nên chưa có gì được thực hiện')
    expect(html).toContain('Hệ thống mới đăng ký')
    expect(await snapshot()).toEqual(before)
    const now = fingerprintOf(html)
    expect(now).not.toBe(seen)
    const confirmed = await admin.post('/admin/agencies/ubnd-tp-lang-son', {
      intent: 'merge',
      ...asked,
      previewed: now,
    })
    expect(confirmed.headers.get('location')).toBe('/admin/agencies/ubnd-tp-lang-son?merged=scheduled')
  })
})

describe('everyone else', () => {
  it('gets 403 on every page and form, each refusal audited, and nothing changes', async () => {
    const before = await snapshot()
    const deniedBefore = await denials()
    const forms: [string, Record<string, string>][] = [
      ['/admin/agencies', { code: 'so-gia-mao', nameVi: 'Sở giả mạo', kind: 'department' }],
      ['/admin/agencies/so-khcn', { intent: 'rename', nameVi: 'Tên bị đổi' }],
      ['/admin/agencies/so-khcn', { intent: 'reparent', parentCode: '' }],
      ['/admin/agencies/so-khcn', { intent: 'archive' }],
      ['/admin/agencies/ubnd-tinh', { intent: 'reparent', parentCode: 'ttcns' }],
      ['/admin/agencies/so-yt', { intent: 'merge-preview', intoCode: 'so-khcn', effectiveDate: today }],
      ['/admin/agencies/so-yt', { intent: 'merge', intoCode: 'so-khcn', effectiveDate: today }],
    ]
    for (const [role, visitor] of Object.entries(others)) {
      for (const path of ['/admin/agencies', '/admin/agencies/so-khcn', '/admin/agencies/khong-ton-tai'])
        expect((await visitor.get(path)).status, `${role} GET ${path}`).toBe(403)
      for (const [path, form] of forms)
        expect((await visitor.post(path, form)).status, `${role} POST ${path}`).toBe(403)
    }
    expect(await snapshot()).toEqual(before)
    // Each refusal is in the trail: three people, three pages and seven forms each.
    expect((await denials()) - deniedBefore).toBe(3 * (3 + 7))
  })
})
