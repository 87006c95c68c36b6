import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { recordFindings } from '#server/security/findings'
import {
  countFindings,
  findingConditions,
  findingPage,
  FindingSearch,
  knownSubjectKinds,
  type FindingPosition,
} from '#server/security/finding-search'
import { findingSummary, findingTrend } from '#server/security/finding-summary'
import { createTestDatabase, type TestDatabase } from '../../helpers/database'
import { makeAgency, makeProject, makeUser, observationOn as seen } from '../../helpers/fixtures'

// The security officer's queries on the real database: findings recorded by scans (recordFindings)
// and a waiver row; the search with each filter and its keyset pages, the dashboard's counts and
// the trend per day, each within the agencies the reader may see.

const DAY_MS = 86_400_000
const NOW = new Date('2026-12-06T05:00:00Z') // 12:00 in Việt Nam
const daysAgo = (days: number) => new Date(NOW.getTime() - days * DAY_MS)

let database: TestDatabase
let health: { agencyId: string; projectId: string; namespace: string }
let finance: { agencyId: string; projectId: string; namespace: string }

async function place(name: string, code: string, level: number) {
  const agencyId = await makeAgency(database.db, name, { code })
  const projectId = await makeProject(database.db, agencyId, { securityLevel: level })
  const { namespace } = await database.db.project.findUniqueOrThrow({ where: { id: projectId } })
  return { agencyId, projectId, namespace }
}

beforeAll(async () => {
  database = await createTestDatabase()
  health = await place('Sở Y tế', 'so-yt', 3)
  finance = await place('Sở Tài chính', 'so-tc', 2)
  const db = database.db
  // 40 days ago: two critical findings in health (overdue by now), one of them resolved 10 days ago.
  await recordFindings(
    db,
    { checkIds: ['GC-WL-04'] },
    [seen(health, 3, 'GC-WL-04', 'web', 'critical'), seen(health, 3, 'GC-WL-04', 'api', 'critical')],
    daysAgo(40),
  )
  await recordFindings(db, { checkIds: ['GC-WL-04'] }, [seen(health, 3, 'GC-WL-04', 'web', 'critical')], daysAgo(10))
  // 5 days ago: medium findings in finance, 25 of them, and a high one in health waived below.
  await recordFindings(
    db,
    { checkIds: ['GC-WL-01'] },
    Array.from({ length: 25 }, (_, i) => seen(finance, 2, 'GC-WL-01', `job-${i}`, 'medium')),
    daysAgo(5),
  )
  await recordFindings(
    db,
    { checkIds: ['GC-KEY-01'] },
    [seen(health, 3, 'GC-KEY-01', 'AKIA1', 'high', 'AccessKey')],
    daysAgo(5),
  )
  // A platform finding (no agency), today.
  await recordFindings(
    db,
    { checkIds: ['GC-PLT-01'] },
    [
      {
        checkId: 'GC-PLT-01',
        subject: { kind: 'ApiServer', namespace: '', name: 'kube-apiserver' },
        projectId: null,
        agencyId: null,
        securityLevel: null,
        severity: 'high',
        detail: {},
      },
    ],
    daysAgo(0.1),
  )
  const [requester, officer] = [await makeUser(db), await makeUser(db, 'Phạm Thu Hương')]
  await db.securityWaiver.create({
    data: {
      projectId: health.projectId,
      checkId: 'GC-KEY-01',
      justification: 'Khoá của hệ thống cũ',
      compensatingControl: 'Giới hạn địa chỉ nguồn',
      expiresAt: new Date(NOW.getTime() + 30 * DAY_MS),
      state: 'approved',
      requestedById: requester,
      requestedAt: daysAgo(4),
      decidedById: officer,
      decidedAt: daysAgo(3),
    },
  })
}, 60_000)
afterAll(() => database.drop())

const search = (raw: Record<string, string>) => FindingSearch.parse(raw)
const count = (raw: Record<string, string>, scope: readonly string[] | null = null) =>
  countFindings(database.db, findingConditions(search(raw), scope, NOW))

describe('the findings search', () => {
  it('filters by status, severity, check, agency, project, level, kind and first-seen days', async () => {
    expect(await count({})).toBe(29)
    expect(await count({ status: 'resolved' })).toBe(1)
    expect(await count({ status: 'overdue' })).toBe(1)
    expect(await count({ status: 'waived' })).toBe(1)
    expect(await count({ status: 'open' })).toBe(26)
    expect(await count({ status: 'open,overdue' })).toBe(27)
    expect(await count({ severity: 'critical' })).toBe(2)
    expect(await count({ check: 'GC-WL-01' })).toBe(25)
    expect(await count({ agency: 'so-yt' })).toBe(3)
    expect(await count({ agency: 'khong-co' })).toBe(0)
    expect(await count({ project: finance.namespace })).toBe(25)
    expect(await count({ level: '3' })).toBe(3)
    expect(await count({ kind: 'AccessKey' })).toBe(1)
    // Days are Việt Nam's: 40 days ago at 12:00 there.
    const day = (d: number) => new Date(daysAgo(d).getTime() + 7 * 3_600_000).toISOString().slice(0, 10)
    expect(await count({ from: day(40), to: day(40) })).toBe(2)
    expect(await count({ from: day(5) })).toBe(27)
    expect(await count({ to: day(6) })).toBe(2)
    expect(await knownSubjectKinds(database.db)).toEqual(['AccessKey', 'ApiServer', 'Deployment'])
  })

  it('keeps agency staff to their agencies, without the platform findings', async () => {
    expect(await count({}, [health.agencyId])).toBe(3)
    expect(await count({ agency: 'so-tc' }, [health.agencyId])).toBe(0)
    expect(await count({ project: finance.namespace }, [health.agencyId])).toBe(0)
    expect(await count({}, [])).toBe(0)
  })

  it('pages newest first by keyset, every finding once', async () => {
    const conditions = findingConditions(search({}), null, NOW)
    const ids: string[] = []
    let position: FindingPosition | null = null
    let pages = 0
    do {
      const page: Awaited<ReturnType<typeof findingPage>> = await findingPage(database.db, conditions, {
        position,
        size: 7,
        now: NOW,
      })
      ids.push(...page.findings.map((f) => f.id))
      position = page.next
      pages += 1
    } while (position)
    expect(pages).toBe(5)
    expect(new Set(ids).size).toBe(29)
    const first = await findingPage(database.db, conditions, { size: 30, now: NOW })
    expect(first.findings.map((f) => f.id)).toEqual(ids)
    expect(first.findings[0]).toMatchObject({ checkId: 'GC-PLT-01', agency: null, project: null, status: 'open' })
    expect(first.findings.at(-1)).toMatchObject({ checkId: 'GC-WL-04', agency: { code: 'so-yt' } })
    const times = first.findings.map((f) => f.firstSeenAt.getTime())
    expect(times).toEqual([...times].sort((a, b) => b - a))
  })
})

describe('the dashboard figures', () => {
  it('counts what is still to fix by severity × agency × level, overdue and waived', async () => {
    const all = await findingSummary(database.db, null, NOW)
    expect(all.toFix).toEqual({ low: 0, medium: 25, high: 1, critical: 1 })
    expect(all.overdue).toEqual({ low: 0, medium: 0, high: 0, critical: 1 })
    expect(all.waived).toEqual({ low: 0, medium: 0, high: 1, critical: 0 })
    expect(all.cells).toEqual(
      expect.arrayContaining([
        { agencyId: health.agencyId, level: 3, counts: { low: 0, medium: 0, high: 0, critical: 1 } },
        { agencyId: finance.agencyId, level: 2, counts: { low: 0, medium: 25, high: 0, critical: 0 } },
        { agencyId: null, level: null, counts: { low: 0, medium: 0, high: 1, critical: 0 } },
      ]),
    )
    expect(all.cells).toHaveLength(3)
    const own = await findingSummary(database.db, [finance.agencyId], NOW)
    expect(own.cells).toEqual([
      { agencyId: finance.agencyId, level: 2, counts: { low: 0, medium: 25, high: 0, critical: 0 } },
    ])
    expect(own.waived.high + own.overdue.critical).toBe(0)
  })

  it('draws the unresolved findings per day from first seen and resolved', async () => {
    const trend = await findingTrend(database.db, null, { now: NOW, days: 45 })
    expect(trend).toHaveLength(45)
    const at = (d: number) => trend[44 - d]!.counts
    expect(trend.at(-1)!.day).toBe('2026-12-06')
    expect(at(44)).toEqual({ low: 0, medium: 0, high: 0, critical: 0 })
    expect(at(40)).toEqual({ low: 0, medium: 0, high: 0, critical: 2 })
    expect(at(10)).toEqual({ low: 0, medium: 0, high: 0, critical: 1 })
    expect(at(5)).toEqual({ low: 0, medium: 25, high: 1, critical: 1 })
    expect(at(0)).toEqual({ low: 0, medium: 25, high: 2, critical: 1 })
    // A period that starts after the findings: they are in its base.
    const recent = await findingTrend(database.db, [health.agencyId], { now: NOW, days: 3 })
    expect(recent.map((d) => d.counts)).toEqual(Array(3).fill({ low: 0, medium: 0, high: 1, critical: 1 }))
  })
})
