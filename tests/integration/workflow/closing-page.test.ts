import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  PUBLIC_URL,
  signedInVisitor,
  startSeededConsole,
  type SeededConsole,
  type Visitor,
} from '../../helpers/seeded-console'

// A system's closing page (issue 15, decision 0058) through the built console, a seeded database
// and Keycloak: so-khcn's staff ask with a reason (a blank one refused beside the field, what was
// typed kept); a security officer, the asking agency's staff and another agency's staff cannot
// decide, an operator cannot ask, and nothing changes; an operator of the data centre approves, the
// grant is revoked and the page says the system is closing. The staff may withdraw a waiting request
// (operators, officers and another agency may not); once decided, a withdrawal is refused in words.

let started: SeededConsole
let people: Record<'staff' | 'otherStaff' | 'operator' | 'security', Visitor>
let project: { id: string; namespace: string }

beforeAll(async () => {
  started = await startSeededConsole({ env: { PUBLIC_URL } })
  const grant = await started.database.db.quotaRequest.findFirstOrThrow({
    where: { agency: { code: 'so-khcn' }, kind: 'new', state: 'active' },
    select: { project: { select: { id: true, namespace: true } } },
  })
  project = grant.project
  people = {
    staff: await signedInVisitor(started.server, 'an.nguyen'),
    otherStaff: await signedInVisitor(started.server, 'lan.hoang'),
    operator: await signedInVisitor(started.server, 'duc.dang'),
    security: await signedInVisitor(started.server, 'huong.pham'),
  }
}, 300_000)
afterAll(async () => started?.stop())

const db = () => started.database.db
const path = () => `/projects/${project.namespace}/closing`
const snapshot = async () => ({
  closures: await db().projectClosure.findMany({ where: { projectId: project.id }, orderBy: { requestedAt: 'asc' } }),
  requests: await db().quotaRequest.findMany({ where: { projectId: project.id }, select: { id: true, state: true } }),
  pools: await db().poolResource.findMany({
    select: { resource: true, allocated: true },
    orderBy: { resource: 'asc' },
  }),
})

describe("a system's closing", () => {
  it('is asked by its staff, refused to everyone else, and approved by an operator', async () => {
    const blank = await people.staff.post(path(), { intent: 'ask', reason: '   ' })
    expect(blank.status).toBe(422)
    expect(await blank.text()).toContain('Hãy nêu lý do đóng hệ thống.')
    expect(await people.operator.post(path(), { intent: 'ask', reason: 'Thay thế' }).then((r) => r.status)).toBe(403)
    expect((await people.otherStaff.get(path())).status).toBe(404)
    // Asked, then withdrawn by the agency before a decision (audited); others may not withdraw it.
    expect((await people.staff.post(path(), { intent: 'ask', reason: 'Nhầm hệ thống' })).status).toBe(302)
    const first = await db().projectClosure.findFirstOrThrow({ where: { projectId: project.id } })
    const withdraw = { intent: 'withdraw', closureId: first.id }
    const beforeWithdraw = await snapshot()
    expect((await people.operator.post(path(), withdraw)).status).toBe(403)
    expect((await people.security.post(path(), withdraw)).status).toBe(403)
    expect((await people.otherStaff.post(path(), withdraw)).status).toBe(404)
    expect(await snapshot()).toEqual(beforeWithdraw)
    expect(await (await people.staff.get(path())).text()).toContain('Rút yêu cầu đóng')
    expect((await people.staff.post(path(), withdraw)).status).toBe(302)
    expect((await db().projectClosure.findUniqueOrThrow({ where: { id: first.id } })).state).toBe('withdrawn')
    expect(await db().auditEntry.count({ where: { action: 'project.close_withdrawn', entityId: project.id } })).toBe(1)
    const again = await people.staff.post(path(), withdraw)
    expect(again.status).toBe(422)
    expect(await again.text()).toContain('đã được quyết định hoặc đã rút')

    const asked = await people.staff.post(path(), { intent: 'ask', reason: 'Hệ thống được thay thế bằng cổng mới' })
    expect(asked.status).toBe(302)
    const closure = await db().projectClosure.findFirstOrThrow({ where: { projectId: project.id, state: 'submitted' } })
    // The operators' queue lists it with the system, agency and who asked; each ask told the operator.
    const queue = await (await people.operator.get('/queue')).text()
    const asker = await db().user.findUniqueOrThrow({ where: { username: 'an.nguyen' } })
    const row = queue.slice(queue.indexOf(`data-closure="${closure.id}"`)).split('</tr>')[0] ?? ''
    expect(row).toContain(asker.displayName)
    expect(row).toContain(`/projects/${project.namespace}/closing`)
    expect(row).toContain('Hệ thống được thay thế bằng cổng mới')
    const operatorId = (await db().user.findUniqueOrThrow({ where: { username: 'duc.dang' } })).id
    const notices = (kind: 'closure_requested' | 'closure_approved', recipientId: string) =>
      db().notification.count({ where: { kind, recipientId, link: path() } })
    expect(await notices('closure_requested', operatorId)).toBe(2)
    expect(await notices('closure_requested', asker.id)).toBe(0)
    expect(closure).toMatchObject({ state: 'submitted', reason: 'Hệ thống được thay thế bằng cổng mới' })

    const before = await snapshot()
    const approve = { intent: 'approve', closureId: closure.id, note: '' }
    expect((await people.security.post(path(), approve)).status).toBe(403)
    expect((await people.staff.post(path(), approve)).status).toBe(403)
    expect((await people.otherStaff.post(path(), approve)).status).toBe(404)
    expect(await snapshot()).toEqual(before)

    const page = await (await people.operator.get(path())).text()
    expect(page).toContain('Duyệt và đóng hệ thống')
    expect((await people.operator.post(path(), approve)).status).toBe(302)
    expect((await db().projectClosure.findUniqueOrThrow({ where: { id: closure.id } })).state).toBe('approved')
    // The agency is told of the decision; the queue no longer lists it.
    expect(await notices('closure_approved', asker.id)).toBe(1)
    expect(await notices('closure_approved', operatorId)).toBe(0)
    expect(await (await people.operator.get('/queue')).text()).not.toContain(`data-closure="${closure.id}"`)
    const after = await snapshot()
    expect(after.requests.filter((r) => r.state === 'active')).toEqual([])
    expect(await (await people.staff.get(path())).text()).toContain('Đang đóng')
    // Once decided, a withdrawal from a page left open is refused in words, and nothing changes.
    const late = await people.staff.post(path(), { intent: 'withdraw', closureId: closure.id })
    expect(late.status).toBe(422)
    expect(await late.text()).toContain('không thể rút nữa')
    expect((await db().projectClosure.findUniqueOrThrow({ where: { id: closure.id } })).state).toBe('approved')
    // A closing system asks for nothing more: the request form answers so, keeping the form.
    const more = await people.staff.post(`/projects/${project.namespace}/requests/new`, {
      kind: 'increase',
      justification: 'Thêm bộ nhớ',
      intent: 'save',
    })
    expect(await more.text()).toContain('Hệ thống đang đóng hoặc đã đóng')
  })
})
