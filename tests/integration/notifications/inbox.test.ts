import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { listInbox, markAllRead, markRead, rememberLocale, unreadCount, UNREAD_CAP } from '#server/notifications/inbox'
import { createTestDatabase, type TestDatabase } from '../../helpers/database'
import { makeUser } from '../../helpers/fixtures'

// A person's notifications: the bell's count, the list in their language, marking as read, and
// never anyone else's.

let t: TestDatabase
let hanh: string
let duc: string

beforeAll(async () => {
  t = await createTestDatabase()
  hanh = await makeUser(t.db, 'Lương Thị Hạnh')
  duc = await makeUser(t.db, 'Đặng Minh Đức')
})
afterAll(async () => t?.drop())

const params = {
  requestKind: 'new',
  projectName: 'Cổng dịch vụ công',
  agencyNameVi: 'UBND xã Đồng Đăng',
  agencyNameEn: 'Dong Dang Commune',
}
async function notify(recipientId: string, number: number, minutesAgo: number) {
  const row = await t.db.notification.create({
    data: {
      recipientId,
      kind: 'request_approved',
      requestNumber: number,
      link: `/requests/${number}`,
      params,
      createdAt: new Date(Date.now() - minutesAgo * 60_000),
    },
    select: { id: true },
  })
  return row.id
}

describe('the inbox', () => {
  it("lists the newest first in the reader's language, pages back, and counts the unread", async () => {
    const ids = []
    for (let i = 1; i <= 5; i++) ids.push(await notify(hanh, i, 10 - i))
    await notify(duc, 99, 0)
    expect(await unreadCount(t.db, hanh)).toBe(5)
    const first = await listInbox(t.db, { recipientId: hanh, locale: 'vi', limit: 3 })
    expect(first.items.map((i) => i.title)).toEqual([
      'Yêu cầu số 5 đã được phê duyệt',
      'Yêu cầu số 4 đã được phê duyệt',
      'Yêu cầu số 3 đã được phê duyệt',
    ])
    expect(first.items[0]).toMatchObject({
      link: '/requests/5',
      unread: true,
      lines: ['Cơ quan: UBND xã Đồng Đăng. Hệ thống: Cổng dịch vụ công. Loại yêu cầu: Cấp mới.'],
    })
    const second = await listInbox(t.db, { recipientId: hanh, locale: 'en', before: first.next, limit: 3 })
    expect(second.items.map((i) => i.title)).toEqual(['Request no. 2 was approved', 'Request no. 1 was approved'])
    expect(second.next).toBeNull()
    // Another person's cursor is ignored (it names nothing of theirs), not followed.
    const foreign = await listInbox(t.db, { recipientId: duc, locale: 'vi', before: ids[4] })
    expect(foreign.items.map((i) => i.title)).toEqual(['Yêu cầu số 99 đã được phê duyệt'])
  })

  it("marks one or all as read, only the recipient's own", async () => {
    const mine = await notify(hanh, 7, 0)
    const theirs = await notify(duc, 8, 0)
    expect(await markRead(t.db, { recipientId: hanh, id: theirs })).toBe(false)
    expect((await t.db.notification.findUniqueOrThrow({ where: { id: theirs } })).readAt).toBeNull()
    const before = await unreadCount(t.db, hanh)
    expect(await markRead(t.db, { recipientId: hanh, id: mine })).toBe(true)
    expect(await markRead(t.db, { recipientId: hanh, id: mine })).toBe(true)
    expect(await unreadCount(t.db, hanh)).toBe(before - 1)
    expect(await markAllRead(t.db, { recipientId: hanh })).toBe(before - 1)
    expect(await unreadCount(t.db, hanh)).toBe(0)
    expect(await unreadCount(t.db, duc)).toBe(2)
  })

  it('stops counting at the cap', async () => {
    const many = await makeUser(t.db, 'Hoàng Văn Thụ')
    await t.db.notification.createMany({
      data: Array.from({ length: UNREAD_CAP + 20 }, (_, i) => ({
        recipientId: many,
        kind: 'request_submitted' as const,
        requestNumber: i,
        link: `/requests/${i}`,
        params,
      })),
    })
    expect(await unreadCount(t.db, many)).toBe(UNREAD_CAP + 1)
  })

  it('remembers the language a person chose for their e-mails', async () => {
    await rememberLocale(t.db, { userId: duc, locale: 'en' })
    expect((await t.db.user.findUniqueOrThrow({ where: { id: duc } })).locale).toBe('en')
    expect((await t.db.user.findUniqueOrThrow({ where: { id: hanh } })).locale).toBe('vi')
  })
})
