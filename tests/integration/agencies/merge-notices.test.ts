import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { applyDueMerges, requestMerge } from '#server/agencies/merge'
import { createAgency } from '#server/agencies/store'
import { localMidnight } from '#server/domain/local-calendar'
import { EMAIL_JOB } from '#server/notifications/record'
import { renderNotice } from '#server/notifications/render'
import { createTestDatabase, type TestDatabase } from '../../helpers/database'
import { makeProject, makeSession, makeUser } from '../../helpers/fixtures'

// A merger carried out tells the staff of both agencies, once (issue 15, decision 0057): in the
// transaction that applies it, today or by the due job on its date; a third agency's staff and the
// administrator are told nothing, and asking again or running the job again tells no one again.

let t: TestDatabase
let admin: { actor: { id: string; label: string } }
const NOW = localMidnight('2026-12-15')

beforeAll(async () => {
  t = await createTestDatabase()
  admin = { actor: { id: await makeUser(t.db, 'Lý Văn Quang'), label: 'Lý Văn Quang' } }
  await makeSession(t.db, admin.actor.id, ['platform_admin'])
})
afterAll(async () => t?.drop())

async function agencyWithStaff(code: string, nameVi: string, nameEn: string) {
  const made = await createAgency(t.db, { code, nameVi, nameEn, kind: 'people-committee', parentCode: null }, admin)
  if (!made.ok) throw new Error(JSON.stringify(made.issues))
  const staff = await makeUser(t.db, `Cán bộ ${code}`)
  await makeSession(t.db, staff, ['agency_staff'], { agencyCodes: [code] })
  return { id: made.value.id, staff }
}

const noticesOf = (recipientId: string) => t.db.notification.findMany({ where: { recipientId, kind: 'agency_merged' } })

describe('the notice of a merger', () => {
  it('tells both staffs once when applied today, a third agency nothing, and asking again no one', async () => {
    const a = await agencyWithStaff('so-kh', 'Sở Khoa học', 'Department of Science')
    const b = await agencyWithStaff('so-tc', 'Sở Tài chính', 'Department of Finance')
    const c = await agencyWithStaff('so-yt', 'Sở Y tế', 'Department of Health')
    await makeProject(t.db, a.id)
    const asked = { fromCode: 'so-kh', intoCode: 'so-tc', effectiveDate: '2026-12-15' }
    const outcome = await requestMerge(t.db, asked, admin, NOW)
    expect(outcome.ok && outcome.value.state).toBe('applied')

    const [toA, toB, toC, toAdmin] = [
      await noticesOf(a.staff),
      await noticesOf(b.staff),
      await noticesOf(c.staff),
      await noticesOf(admin.actor.id),
    ]
    expect([toA.length, toB.length, toC.length, toAdmin.length]).toEqual([1, 1, 0, 0])
    expect([toA[0]!.link, toB[0]!.link]).toEqual(['/statements', '/projects'])
    const emails = await t.db.job.findMany({ where: { kind: EMAIL_JOB, key: { in: [toA[0]!.id, toB[0]!.id] } } })
    expect(emails).toHaveLength(2)
    const vi = renderNotice(toA[0]!, 'vi')
    expect(vi.title).toBe('“Sở Khoa học” đã sáp nhập vào “Sở Tài chính” từ ngày 15/12/2026')
    expect(vi.lines).toEqual([
      'Số hệ thống thông tin chuyển sang Sở Tài chính: 1.',
      expect.stringContaining('bạn cần được thêm vào nhóm của Sở Tài chính'),
    ])
    expect(renderNotice(toB[0]!, 'en').lines[1]).toBe(
      'From 15 Dec 2026, the moved systems are managed by Department of Finance and count in the statements and budget of Department of Finance.',
    )

    const again = await requestMerge(t.db, asked, admin, NOW)
    expect(again.ok && again.value.changed).toBe(false)
    expect(await t.db.notification.count({ where: { kind: 'agency_merged' } })).toBe(2)
  })

  it('tells no one when scheduled, both staffs when the due job applies it, and no one when the job runs again', async () => {
    const d = await agencyWithStaff('so-ct', 'Sở Công Thương', 'Department of Industry and Trade')
    const e = await agencyWithStaff('so-nn', 'Sở Nông nghiệp', 'Department of Agriculture')
    const scheduled = await requestMerge(
      t.db,
      { fromCode: 'so-ct', intoCode: 'so-nn', effectiveDate: '2026-12-20' },
      admin,
      NOW,
    )
    expect(scheduled.ok && scheduled.value.state).toBe('scheduled')
    expect((await noticesOf(d.staff)).length + (await noticesOf(e.staff)).length).toBe(0)

    const day = localMidnight('2026-12-20')
    expect((await applyDueMerges(t.db, day)).map((m) => m.state)).toEqual(['applied'])
    expect([(await noticesOf(d.staff)).length, (await noticesOf(e.staff)).length]).toEqual([1, 1])
    expect(await applyDueMerges(t.db, day)).toEqual([])
    expect(await t.db.notification.count({ where: { kind: 'agency_merged' } })).toBe(4)
  })
})
