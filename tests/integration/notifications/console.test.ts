import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_APPROVAL_POLICY } from '#server/domain/security-policy'
import { actOnRequest } from '#server/workflow/act-on-request'
import { staff as agencyStaff } from '../../helpers/actors'
import { PUBLIC_URL, signedInVisitor, startSeededConsole, type SeededConsole } from '../../helpers/seeded-console'

// The bell and /notifications in the built console, with real Keycloak sessions: an agency user
// submits, the operator (known to be one from their session) sees the count, reads the
// notification in Vietnamese, opens it (marked read, sent to the request), and switches language.

let started: SeededConsole

const signIn = (username: string) => signedInVisitor(started.server, username)

beforeAll(async () => {
  started = await startSeededConsole({ env: { PUBLIC_URL } })
}, 300_000)
afterAll(async () => started?.stop())

describe('notifications in the console', () => {
  it('shows the operator a count in the header, lists the notification in Vietnamese, opens it and marks it read', async () => {
    const { database } = started
    const operator = await signIn('duc.dang')
    const staff = await signIn('an.nguyen')
    const an = await database.db.user.findUniqueOrThrow({ where: { username: 'an.nguyen' }, select: { id: true } })
    const draft = await database.db.quotaRequest.findFirstOrThrow({
      where: { requestedById: an.id, state: 'draft' },
      select: { id: true, number: true, version: true },
    })
    await database.db.quotaRequest.update({
      where: { id: draft.id },
      data: { justification: 'Mở rộng cổng thông tin theo kế hoạch 196/KH-UBND' },
    })
    const submitted = await actOnRequest(database.db, {
      requestId: draft.id,
      action: 'submit',
      actor: agencyStaff(an.id, 'an.nguyen'),
      expectedVersion: draft.version,
      policy: DEFAULT_APPROVAL_POLICY,
    })
    expect(submitted).toMatchObject({ ok: true })

    const home = await (await operator.get('/')).text()
    expect(home).toMatch(/data-testid="notification-count"[^>]*>1</)
    // The bell is an SVG; its name, with the count, is text for screen readers (decision 0066).
    expect(home).toContain('<span class="visually-hidden">1 thông báo chưa đọc</span>')
    // The requester was not told of their own submission.
    expect(await (await staff.get('/')).text()).not.toContain('data-testid="notification-count"')

    const page = await (await operator.get('/notifications')).text()
    expect(page).toContain(`Yêu cầu số ${draft.number} đang chờ phê duyệt`)
    const notification = await database.db.notification.findFirstOrThrow({
      where: { requestId: draft.id },
      select: { id: true, recipient: { select: { username: true } } },
    })
    expect(notification.recipient.username).toBe('duc.dang')

    // Someone else cannot mark it read: it does not exist for them.
    expect((await staff.post('/notifications', { intent: 'read', id: notification.id })).status).toBe(404)
    const opened = await operator.post('/notifications', { intent: 'open', id: notification.id })
    expect(opened.status).toBe(302)
    expect(opened.headers.get('location')).toBe(`/requests/${draft.number}`)
    expect((await database.db.notification.findUniqueOrThrow({ where: { id: notification.id } })).readAt).not.toBeNull()
    expect(await (await operator.get('/')).text()).not.toContain('data-testid="notification-count"')
  })

  it("remembers a signed-in person's language for their e-mails", async () => {
    const huong = await signIn('huong.pham')
    const switched = await huong.post('/lang', { lang: 'en', redirectTo: '/notifications' })
    expect(switched.status).toBe(302)
    expect((await started.database.db.user.findUniqueOrThrow({ where: { username: 'huong.pham' } })).locale).toBe('en')
    huong.jar.store(switched)
    const page = await (await huong.get('/notifications')).text()
    expect(page).toContain('You have no notifications.')
  })
})
