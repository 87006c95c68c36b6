// Use against grants with hysteresis (issue 14, decision 0050) on a test database: hours of a
// project's CPU and object storage written through the metering's write path, each marked metered,
// then the alerts job. Crossing 80 % tells the agency's staff once; hovering at 79.9/80.1 tells
// nobody again; falling under 75 % and rising again tells a second time; 95 % tells the operators
// too; object storage over its grant is flagged within the hour. Staff of another agency hear nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { evaluateAlerts } from '#server/budgets/job'
import { HOUR_MS } from '#server/metering/hours'
import { renderNotice } from '#server/notifications/render'
import { createTestDatabase, type TestDatabase } from '../../helpers/database'
import { GiB, makeAgency, makeProject, makeSession, makeUser } from '../../helpers/fixtures'
import { markMetered, meterCpu, meterResource } from '../../helpers/metering'

const FIRST = Date.parse('2026-12-01T00:00:00Z')
let next = 0
const nextHour = () => new Date(FIRST + next++ * HOUR_MS)

let t: TestDatabase
let project: string
let staff: string
let operator: string
let otherStaff: string

const cpu = (used: bigint) => ({ granted: 1000n, requested: 500n, used, usedPeak: null, refusal: null })

/** One metered hour of CPU at `used` millicores of 1000, then the job. */
async function hourAt(used: bigint | null, storage?: bigint) {
  const hour = nextHour()
  await meterCpu(t.db, project, hour, { ...cpu(used ?? 0n), used })
  if (storage !== undefined)
    await meterResource(t.db, project, 'objectStorage', hour, {
      granted: 10n * GiB,
      requested: null,
      used: storage,
      usedPeak: storage,
      refusal: null,
    })
  await markMetered(t.db, hour)
  return evaluateAlerts({ db: t.db })
}

const noticesOf = (recipientId: string) =>
  t.db.notification.findMany({
    where: { recipientId, kind: 'usage_threshold' },
    orderBy: { createdAt: 'asc' },
    select: { params: true, link: true, kind: true, requestNumber: true },
  })
const levels = async (recipientId: string) =>
  (await noticesOf(recipientId)).map((n) => [
    (n.params as { resource: string }).resource,
    (n.params as { level: number }).level,
  ])

beforeAll(async () => {
  t = await createTestDatabase()
  const agency = await makeAgency(t.db, 'Sở Y tế', { code: 'so-y-te' })
  const other = await makeAgency(t.db, 'Sở Tài chính', { code: 'so-tai-chinh' })
  project = await makeProject(t.db, agency, { name: 'Bệnh án điện tử' })
  await makeProject(t.db, other)
  await t.db.allocation.create({ data: { projectId: project } })
  staff = await makeUser(t.db, 'Nguyễn Thị Hoa')
  otherStaff = await makeUser(t.db, 'Trần Văn Bình')
  operator = await makeUser(t.db, 'Lê Vận Hành')
  await makeSession(t.db, staff, ['agency_staff'], { agencyCodes: ['so-y-te'] })
  await makeSession(t.db, otherStaff, ['agency_staff'], { agencyCodes: ['so-tai-chinh'] })
  await makeSession(t.db, operator, ['dc_operator'])
}, 60_000)

afterAll(async () => {
  await t?.drop()
})

describe('use against the grant', () => {
  it('the first run starts at the newest metered hour; below 80 % tells nobody', async () => {
    const run = await hourAt(700n)
    expect(run.hours).toHaveLength(1)
    expect(await levels(staff)).toEqual([])
  })

  it('crossing 80 % tells the agency staff once, not the operators', async () => {
    await hourAt(801n)
    expect(await levels(staff)).toEqual([['cpu', 80]])
    expect(await levels(operator)).toEqual([])
    const [notice] = await noticesOf(staff)
    expect(renderNotice(notice!, 'vi').title).toBe('Bệnh án điện tử: CPU đã dùng 80,1% hạn mức được cấp')
  })

  it('hovering 79.9 / 80.1 / 79.9 / 80.1 tells nobody again', async () => {
    for (const used of [799n, 801n, 799n, 801n]) await hourAt(used)
    expect(await levels(staff)).toEqual([['cpu', 80]])
  })

  it('an hour not measured keeps the level', async () => {
    await hourAt(null)
    expect(
      await t.db.usageAlertState.findUnique({ where: { projectId_resource: { projectId: project, resource: 'cpu' } } }),
    ).toMatchObject({ level: 80 })
  })

  it('falling below 75 % and rising past 80 % again tells a second time', async () => {
    await hourAt(760n)
    expect(await levels(staff)).toHaveLength(1)
    await hourAt(749n)
    await hourAt(805n)
    expect(await levels(staff)).toEqual([
      ['cpu', 80],
      ['cpu', 80],
    ])
  })

  it('95 % tells the operators as well', async () => {
    await hourAt(960n)
    expect((await levels(staff)).at(-1)).toEqual(['cpu', 95])
    expect(await levels(operator)).toEqual([['cpu', 95]])
  })

  it('object storage over its grant is flagged at the hour it is metered, to the agency and operators', async () => {
    await hourAt(960n, 10n * GiB + 1n)
    expect((await levels(staff)).at(-1)).toEqual(['objectStorage', 100])
    expect((await levels(operator)).at(-1)).toEqual(['objectStorage', 100])
    const notices = await noticesOf(operator)
    expect(renderNotice(notices.at(-1)!, 'en').title).toBe('Bệnh án điện tử: Object storage is over its grant (100%)')
    expect(notices.at(-1)!.link).toMatch(/^\/projects\/ns-p-/)
  })

  it("another agency's staff hear nothing, and a rerun over the same hours tells nobody twice", async () => {
    expect(await noticesOf(otherStaff)).toEqual([])
    const before = await t.db.notification.count()
    await t.db.alertHour.deleteMany({ where: { hour: { gt: new Date(FIRST) } } })
    await t.db.usageAlertState.deleteMany({})
    await evaluateAlerts({ db: t.db })
    // Replayed from no level, the hours raise again, but each hour's notice is once-only.
    expect(await t.db.notification.count()).toBe(before)
  })

  it('each notice queues its e-mail', async () => {
    const ids = (await t.db.notification.findMany({ where: { kind: 'usage_threshold' }, select: { id: true } })).map(
      (n) => n.id,
    )
    const jobs = await t.db.job.count({ where: { kind: 'notifications.email', key: { in: ids } } })
    expect(jobs).toBe(ids.length)
  })
})
