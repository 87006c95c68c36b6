import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { applyDueMerges, requestMerge, AGENCY_MERGE_DUE_JOB } from '#server/agencies/merge'
import { AGENCY_GROUP_SYNC_JOB, createAgency } from '#server/agencies/store'
import { budgetsOfYear } from '#server/budgets/store'
import { localMidnight } from '#server/domain/local-calendar'
import { RECONCILE_JOB } from '#server/jobs/shared-with-sql'
import { cardStretchesOfMonthForAll, dayRollupsOfMonth } from '#server/metering/rollups'
import { writeStatementVersion } from '#server/metering/statement-store'
import { createTestDatabase, type TestDatabase } from '../../helpers/database'
import { makeProject, makeSubmittedRequest, makeUser } from '../../helpers/fixtures'
import { meterCpu } from '../../helpers/metering'

// Mergers on the console's side (issue 15, decision 0057) in the real database: one transaction
// moves the projects, their requests and findings and the child agencies, keeps each project's
// move with its date, marks the agency merged, queues the platform's reconcile and the group sync;
// asking again is a no-op; refusals write nothing; a later date waits for the due job; the use of
// days before the date stays the merged agency's, from it the receiving agency's.

let t: TestDatabase
let admin: { actor: { id: string; label: string } }
// 15/12/2026 in Việt Nam: November is the last month that can be closed.
const NOW = localMidnight('2026-12-15')

beforeAll(async () => {
  t = await createTestDatabase()
  admin = { actor: { id: await makeUser(t.db, 'Lý Văn Quang'), label: 'Lý Văn Quang' } }
})
afterAll(async () => t?.drop())

async function made(code: string, parentCode: string | null, nameVi = `Cơ quan ${code}`) {
  const outcome = await createAgency(t.db, { code, nameVi, kind: 'people-committee', parentCode }, admin)
  if (!outcome.ok) throw new Error(JSON.stringify(outcome.issues))
  return outcome.value
}

const merge = (fromCode: string, intoCode: string, effectiveDate: string, now = NOW) =>
  requestMerge(t.db, { fromCode, intoCode, effectiveDate }, admin, now)

const snapshot = async () => ({
  agencies: await t.db.agency.findMany({ orderBy: { code: 'asc' } }),
  projects: await t.db.project.findMany({ orderBy: { id: 'asc' } }),
  requests: await t.db.quotaRequest.findMany({ orderBy: { id: 'asc' } }),
  merges: await t.db.agencyMerge.count(),
  moves: await t.db.projectAgencyMove.count(),
  audit: await t.db.auditEntry.count(),
  jobs: await t.db.job.count(),
})

describe('merging an agency today', () => {
  it('refuses a merge into itself, into an archived agency, into its descendant and into a closed month, writing nothing', async () => {
    const district = await made('huyen-cao-loc', null, 'UBND huyện Cao Lộc')
    await made('xa-dong-dang', 'huyen-cao-loc', 'UBND xã Đồng Đăng')
    const shut = await made('so-cu', null)
    await t.db.agency.update({ where: { id: shut.id }, data: { status: 'archived', archivedAt: NOW } })
    const project = await makeProject(t.db, district.id)
    // November closed for the district: its months stay as they were sent.
    await writeStatementVersion(
      t.db,
      {
        agencyId: district.id,
        month: '2026-11-01',
        projects: [{ projectId: project, lines: [], total: 0n }],
        total: 0n,
      },
      1,
      [],
    )
    await made('ubnd-tinh', null, 'UBND tỉnh Lạng Sơn')
    const before = await snapshot()
    const refusals = [
      await merge('huyen-cao-loc', 'huyen-cao-loc', '2026-12-15'),
      await merge('huyen-cao-loc', 'so-cu', '2026-12-15'),
      await merge('huyen-cao-loc', 'xa-dong-dang', '2026-12-15'),
      await merge('huyen-cao-loc', 'nowhere', '2026-12-15'),
    ]
    expect(refusals.map((r) => !r.ok && r.issues.map((i) => [i.path, i.error.code]))).toEqual([
      [['intoCode', 'agency.merge_into_self']],
      [['intoCode', 'agency.merge_into_archived']],
      [['intoCode', 'agency.merge_into_descendant']],
      [['intoCode', 'agency.not_found']],
    ])
    const closed = await merge('huyen-cao-loc', 'ubnd-tinh', '2026-11-30')
    expect(!closed.ok && closed.issues.map((i) => [i.path, i.error.code, i.error.params])).toEqual([
      [
        'effectiveDate',
        'agency.merge_date_closed',
        { date: '2026-11-29T17:00:00.000Z', earliest: '2026-11-30T17:00:00.000Z' },
      ],
    ])
    const malformed = await merge('huyen-cao-loc', 'ubnd-tinh', '30/12/2026')
    expect(!malformed.ok && malformed.issues[0]?.path).toBe('effectiveDate')
    expect(await snapshot()).toEqual(before)
  })

  it('moves projects, requests, findings and child agencies in one transaction, queues the platform, and a second ask is a no-op', async () => {
    const tinh = await t.db.agency.findUniqueOrThrow({ where: { code: 'ubnd-tinh' } })
    const district = await t.db.agency.findUniqueOrThrow({ where: { code: 'huyen-cao-loc' } })
    const commune = await t.db.agency.findUniqueOrThrow({ where: { code: 'xa-dong-dang' } })
    const [moving] = await t.db.project.findMany({ where: { agencyId: district.id } })
    // The receiving agency already has the slug: the moved project is renamed, its namespace kept.
    await t.db.project.create({
      data: { ...pick(moving!), id: undefined, agencyId: tinh.id, namespace: `ns-other-${Date.now()}` },
    })
    const communeProject = await makeProject(t.db, commune.id)
    const requester = await makeUser(t.db, 'Nguyễn Văn An')
    await makeSubmittedRequest(t.db, {
      projectId: moving!.id,
      agencyId: district.id,
      requesterId: requester,
      lines: { cpu: 2000n },
    })
    await t.db.securityFinding.create({
      data: {
        checkId: 'GC-WL-03',
        subjectKind: 'Deployment',
        subjectNamespace: moving!.namespace,
        subjectName: 'web',
        projectId: moving!.id,
        agencyId: district.id,
        severity: 'high',
        firstSeenAt: NOW,
        lastSeenAt: NOW,
      },
    })
    await t.db.job.deleteMany({})

    const outcome = await merge('huyen-cao-loc', 'ubnd-tinh', '2026-12-15')
    expect(outcome).toMatchObject({ ok: true, value: { state: 'applied', changed: true } })
    const after = await t.db.project.findUniqueOrThrow({ where: { id: moving!.id } })
    expect(after).toMatchObject({ agencyId: tinh.id, namespace: moving!.namespace, slug: `${moving!.slug}-2` })
    expect(await t.db.quotaRequest.count({ where: { projectId: moving!.id, agencyId: tinh.id } })).toBe(1)
    expect(await t.db.securityFinding.count({ where: { projectId: moving!.id, agencyId: tinh.id } })).toBe(1)
    expect(await t.db.agency.findUniqueOrThrow({ where: { id: commune.id } })).toMatchObject({ parentId: tinh.id })
    expect(await t.db.agency.findUniqueOrThrow({ where: { id: district.id } })).toMatchObject({
      status: 'merged',
      mergedIntoId: tinh.id,
    })
    expect(await t.db.projectAgencyMove.findMany({ select: { projectId: true, fromAgencyId: true } })).toEqual([
      { projectId: moving!.id, fromAgencyId: district.id },
    ])
    const queued = await t.db.job.findMany({ select: { kind: true, key: true }, orderBy: { kind: 'asc' } })
    expect(queued).toEqual(
      expect.arrayContaining([
        { kind: AGENCY_GROUP_SYNC_JOB, key: 'all' },
        { kind: RECONCILE_JOB, key: moving!.id },
        { kind: RECONCILE_JOB, key: communeProject },
      ]),
    )
    const actions = await t.db.auditEntry.findMany({ where: { seq: { gt: 0 } }, select: { action: true } })
    expect(actions.map((a) => a.action).slice(-3)).toEqual([
      'agency.merge_scheduled',
      'agency.merge',
      'project.agency_moved',
    ])

    const before = await snapshot()
    const again = await merge('huyen-cao-loc', 'ubnd-tinh', '2026-12-15')
    expect(again).toMatchObject({ ok: true, value: { state: 'applied', changed: false } })
    expect(await snapshot()).toEqual(before)
    const other = await merge('huyen-cao-loc', 'xa-dong-dang', '2026-12-15')
    expect(!other.ok && other.issues[0]?.error.code).toBe('agency.merge_from_merged')
    expect(await snapshot()).toEqual(before)
  })
})

function pick(p: { name: string; slug: string; securityLevel: number; contactName: string; contactEmail: string }) {
  return {
    name: p.name,
    slug: p.slug,
    securityLevel: p.securityLevel,
    contactName: p.contactName,
    contactEmail: p.contactEmail,
  }
}

async function ownerQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: t.ownerUrl })
  await client.connect()
  try {
    await client.query(sql)
  } finally {
    await client.end()
  }
}

describe('a merger that fails halfway', () => {
  it('leaves nothing behind when its transaction dies at its last write, and goes through when asked again', async () => {
    const from = await made('phong-tn-mt', null)
    const into = await made('so-tn-mt', null)
    const project = await makeProject(t.db, from.id)
    // The merger's last write (marking it applied) fails: every earlier write must go with it.
    await ownerQuery(`CREATE FUNCTION t_fail_merge() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'killed halfway'; END $$;
      CREATE TRIGGER "t_fail_merge" BEFORE UPDATE ON "AgencyMerge" FOR EACH ROW EXECUTE FUNCTION t_fail_merge();`)
    const before = await snapshot()
    try {
      await expect(merge('phong-tn-mt', 'so-tn-mt', '2026-12-15')).rejects.toThrow(/killed halfway/)
    } finally {
      await ownerQuery('DROP TRIGGER "t_fail_merge" ON "AgencyMerge"; DROP FUNCTION t_fail_merge();')
    }
    expect(await snapshot()).toEqual(before)
    expect(await merge('phong-tn-mt', 'so-tn-mt', '2026-12-15')).toMatchObject({
      ok: true,
      value: { state: 'applied' },
    })
    expect((await t.db.project.findUniqueOrThrow({ where: { id: project } })).agencyId).toBe(into.id)
  })
})

describe('a merger set for a later day', () => {
  it('waits for its date, then the due job applies it; a scheduled merger answers the same ask again', async () => {
    const from = await made('so-van-hoa', null)
    const into = await made('so-vhtt-dl', null)
    const project = await makeProject(t.db, from.id)
    const scheduled = await merge('so-van-hoa', 'so-vhtt-dl', '2027-01-01')
    expect(scheduled).toMatchObject({ ok: true, value: { state: 'scheduled', changed: true } })
    expect((await t.db.project.findUniqueOrThrow({ where: { id: project } })).agencyId).toBe(from.id)
    expect(await merge('so-van-hoa', 'so-vhtt-dl', '2027-01-01')).toMatchObject({ ok: true, value: { changed: false } })
    const moved = await merge('so-van-hoa', 'ubnd-tinh', '2027-01-01')
    expect(!moved.ok && moved.issues[0]?.error.code).toBe('agency.merge_pending')

    expect(await applyDueMerges(t.db, localMidnight('2026-12-31'))).toEqual([])
    const done = await applyDueMerges(t.db, localMidnight('2027-01-01'))
    expect(done).toMatchObject([{ fromCode: 'so-van-hoa', state: 'applied' }])
    expect((await t.db.project.findUniqueOrThrow({ where: { id: project } })).agencyId).toBe(into.id)
    expect(await applyDueMerges(t.db, localMidnight('2027-01-02'))).toEqual([])
    const entry = await t.db.auditEntry.findFirstOrThrow({ where: { action: 'agency.merge', entityId: from.id } })
    expect(entry.actorId).toBe('system:agency-merge')
    expect(AGENCY_MERGE_DUE_JOB).toBe('agencies.merge_due')
  })
})

describe('statements and budgets follow the date', () => {
  it("bills days before the date to the merged agency and from it to the receiving one; the merged agency's budget stops warning", async () => {
    const from = await made('phong-gddt', null)
    const into = await made('so-gddt', null)
    const project = await makeProject(t.db, from.id)
    const hour = { granted: 4000n, requested: 1000n, used: 500n, usedPeak: 500n, refusal: null }
    await meterCpu(t.db, project, new Date(localMidnight('2026-12-05').getTime()), hour)
    await meterCpu(t.db, project, new Date(localMidnight('2026-12-12').getTime()), hour)
    for (const agencyId of [from.id, into.id]) {
      await t.db.agencyBudget.create({
        data: { agencyId, year: 2026, version: 1, amount: 1_000_000n, createdByLabel: 'Lý Văn Quang' },
      })
    }
    const outcome = await merge('phong-gddt', 'so-gddt', '2026-12-10')
    expect(outcome).toMatchObject({ ok: true, value: { state: 'applied' } })

    const days = async (agencyId: string) =>
      (await dayRollupsOfMonth(t.db, agencyId, '2026-12-01')).map((r) => [r.agencyId, r.day])
    expect(await days(from.id)).toEqual([[from.id, '2026-12-05']])
    expect(await days(into.id)).toEqual([[into.id, '2026-12-12']])
    const stretches = await cardStretchesOfMonthForAll(t.db, '2026-12-01', [])
    expect(
      stretches.filter((r) => r.projectId === project).map((r) => [r.agencyId === from.id ? 'from' : 'into', r.hours]),
    ).toEqual(
      expect.arrayContaining([
        ['from', 1],
        ['into', 1],
      ]),
    )
    const budgets = (await budgetsOfYear(t.db, 2026)).map((b) => b.agencyId)
    expect(budgets).toContain(into.id)
    expect(budgets).not.toContain(from.id)
  })
})
