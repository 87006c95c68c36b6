import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { renderNotice } from '#server/notifications/render'
import { askToClose, withdrawClosure } from '#server/workflow/project-closure'
import { createTestDatabase, type TestDatabase } from '../../helpers/database'
import { makeProject, makeSession, makeUser } from '../../helpers/fixtures'

// Who is told of a system's closing request (decisions 0058, 0075), on a real database: only the
// people who may decide it: the holders of request.revoke in the one permission map (operators and
// platform administrators, as their latest session or the directory lists them), less the requests'
// duties (never the one who asked, never an operator of the asking agency or of one above it), an
// operator who never signed in judged by the agencies the directory read from their groups
// (decision 0086). An operator who may not act, a security officer and the agency's staff get nothing. A withdrawal
// tells those who were told of the request and the agency's staff, Vietnamese first.

let t: TestDatabase
let agencyId: string
let projectId: string
const people = {} as Record<
  | 'asker'
  | 'colleague'
  | 'operator'
  | 'directoryOperator'
  | 'directoryOwnOperator'
  | 'directoryParentOperator'
  | 'signedInOperator'
  | 'admin'
  | 'ownOperator'
  | 'parentOperator'
  | 'formerOperator'
  | 'officer',
  string
>

beforeAll(async () => {
  t = await createTestDatabase()
  const agency = async (code: string, nameVi: string, parentId: string | null = null) =>
    (
      await t.db.agency.create({
        data: { code, nameVi, nameEn: code, kind: 'department', parentId },
        select: { id: true },
      })
    ).id
  const province = await agency('ubnd-tinh', 'UBND tỉnh Lạng Sơn')
  agencyId = await agency('so-khcn', 'Sở Khoa học và Công nghệ', province)
  await agency('ttcns', 'Trung tâm Công nghệ số')
  projectId = await makeProject(t.db, agencyId, { name: 'Cổng dữ liệu Đồng Đăng' })
  const person = async (key: keyof typeof people, name: string) => (people[key] = await makeUser(t.db, name))
  await makeSession(t.db, await person('asker', 'Nguyễn Văn An'), ['agency_staff'], { agencyCodes: ['so-khcn'] })
  await makeSession(t.db, await person('colleague', 'Lê Thị Bình'), ['agency_staff'], { agencyCodes: ['so-khcn'] })
  await makeSession(t.db, await person('operator', 'Đặng Minh Đức'), ['dc_operator'], { agencyCodes: ['ttcns'] })
  await makeSession(t.db, await person('admin', 'Lý Văn Quang'), ['platform_admin'], { agencyCodes: ['ttcns'] })
  await makeSession(t.db, await person('officer', 'Phạm Thị Hương'), ['security_officer'], { agencyCodes: ['ttcns'] })
  // An operator seconded to the asking agency, and one of the agency above it: the duties refuse both.
  await makeSession(t.db, await person('ownOperator', 'Bế Văn Tuấn'), ['dc_operator'], { agencyCodes: ['so-khcn'] })
  await makeSession(t.db, await person('parentOperator', 'Hoàng Văn Nam'), ['dc_operator'], {
    agencyCodes: ['ubnd-tinh'],
  })
  // Someone who was an operator: their latest session no longer has the role.
  const former = await person('formerOperator', 'Vi Thị Thu')
  await makeSession(t.db, former, ['dc_operator'], { lastSeenAt: new Date(Date.now() - 86_400_000) })
  await makeSession(t.db, former, ['agency_staff'], { agencyCodes: ['ttcns'] })
  // Operators Keycloak's directory lists who never signed in: one of the data centre, one in the
  // asking agency's group and one in its parent's (as the directory sync stores them).
  const directoryOperator = async (key: keyof typeof people, name: string, agencyCode: string) => {
    const userId = await person(key, name)
    await t.db.directoryRole.create({ data: { userId, role: 'dc_operator' } })
    await t.db.directoryAgency.create({ data: { userId, agencyCode } })
  }
  await directoryOperator('directoryOperator', 'Lương Văn Hải', 'ttcns')
  await directoryOperator('directoryOwnOperator', 'Nông Thị Thanh', 'so-khcn')
  await directoryOperator('directoryParentOperator', 'Đinh Văn Phúc', 'ubnd-tinh')
  // Once someone has signed in, their latest session's agencies are what they act with, whatever
  // the directory read since: this one may decide until a new sign-in brings the asking agency.
  await directoryOperator('signedInOperator', 'Triệu Văn Khánh', 'so-khcn')
  await makeSession(t.db, people.signedInOperator, ['dc_operator'], { agencyCodes: ['ttcns'] })
})
afterAll(async () => t?.drop())

const told = async (kind: 'closure_requested' | 'closure_withdrawn') => {
  const rows = await t.db.notification.findMany({ where: { kind }, select: { recipientId: true } })
  const names = Object.fromEntries(Object.entries(people).map(([key, id]) => [id, key]))
  return rows.map((row) => names[row.recipientId]).sort()
}

describe('the notice of a closing request', () => {
  it('goes only to those who may decide it', async () => {
    const asked = await askToClose(t.db, {
      projectId,
      agencyId,
      actor: { id: people.asker, label: 'Nguyễn Văn An' },
      reason: 'Hệ thống được thay thế',
    })
    expect(asked.ok).toBe(true)
    expect(await told('closure_requested')).toEqual(['admin', 'directoryOperator', 'operator', 'signedInOperator'])
    const emails = await t.db.job.count({ where: { kind: 'notifications.email' } })
    expect(emails).toBe(4)
  })

  it('is followed, when withdrawn, by a notice to those told and to the agency, never the one who withdrew', async () => {
    const closure = await t.db.projectClosure.findFirstOrThrow({ where: { projectId, state: 'submitted' } })
    const withdrawn = await withdrawClosure(t.db, {
      closureId: closure.id,
      projectId,
      actor: { id: people.asker, label: 'Nguyễn Văn An' },
    })
    expect(withdrawn).toEqual({ ok: true, value: 'withdrawn' })
    expect(await told('closure_withdrawn')).toEqual([
      'admin',
      'colleague',
      'directoryOperator',
      'operator',
      'signedInOperator',
    ])
    const notice = await t.db.notification.findFirstOrThrow({
      where: { kind: 'closure_withdrawn', recipientId: people.operator },
    })
    expect(notice.link).toMatch(/^\/projects\/ns-p-.+\/closing$/)
    expect(renderNotice(notice, 'vi')).toEqual({
      title: 'Yêu cầu đóng hệ thống “Cổng dữ liệu Đồng Đăng” đã được cơ quan rút lại',
      lines: [
        expect.stringContaining('Sở Khoa học và Công nghệ'),
        expect.stringContaining('Hệ thống được thay thế'),
        'Không còn gì phải quyết định: hệ thống tiếp tục hoạt động như trước.',
      ],
    })
    expect(renderNotice(notice, 'en').title).toBe(
      'The agency withdrew its request to close the system “Cổng dữ liệu Đồng Đăng”',
    )
    // A second withdrawal is refused and tells no one again.
    const again = await withdrawClosure(t.db, {
      closureId: closure.id,
      projectId,
      actor: { id: people.colleague, label: 'Lê Thị Bình' },
    })
    expect(again).toMatchObject({ ok: false, error: { code: 'closure.already_decided' } })
    expect(await t.db.notification.count({ where: { kind: 'closure_withdrawn' } })).toBe(5)
  })
})
