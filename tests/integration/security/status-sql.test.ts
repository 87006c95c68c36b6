import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Prisma, type WaiverState } from '#server/db/generated/client'
import { SEVERITIES } from '#server/security/catalogue'
import { DAYS_TO_FIX, findingStatus, type FindingFacts, type WaiverFacts } from '#server/security/finding-status'
import { FINDING_STATUSES, statusInSql, statusSql } from '#server/security/finding-status-sql'
import { createTestDatabase, type TestDatabase } from '../../helpers/database'
import { makeAgency, makeProject, makeUser } from '../../helpers/fixtures'

// A finding's status has one rule, findingStatus (server/security/finding-status.ts); the searches
// and counts decide it in PostgreSQL with its twin (finding-status-sql.ts). Both run here over a
// table of findings and waivers, every boundary included (due exactly now, a millisecond either
// side; a waiver expiring exactly now; a waiver for the subject in another namespace, for another
// check, another project, not approved), and must agree on every finding, and every filter on a
// set of statuses must find exactly the findings of those statuses.

const NOW = new Date('2026-12-06T08:00:00.123Z')
const DAY_MS = 86_400_000

let database: TestDatabase
let facts: Array<FindingFacts & { id: string }>
let waivers: WaiverFacts[]

/** Each project gets one waiver arrangement; its findings are the same set of subjects. */
/** Open findings are one per subject across projects: each project has its namespace and bucket name. */
const ARRANGEMENTS: ReadonlyArray<(ns: string, bucket: string) => Omit<WaiverFacts, 'projectId'>[]> = [
  () => [],
  () => [
    {
      checkId: 'GC-WL-02',
      subjectKind: null,
      subjectNamespace: null,
      subjectName: null,
      state: 'approved',
      expiresAt: new Date(NOW.getTime() + 1),
    },
  ],
  () => [
    {
      checkId: 'GC-WL-02',
      subjectKind: null,
      subjectNamespace: null,
      subjectName: null,
      state: 'approved',
      expiresAt: NOW,
    },
  ],
  () => [
    {
      checkId: 'GC-WL-02',
      subjectKind: null,
      subjectNamespace: null,
      subjectName: null,
      state: 'requested',
      expiresAt: new Date(NOW.getTime() + DAY_MS),
    },
  ],
  (ns, bucket) => [
    {
      checkId: 'GC-WL-02',
      subjectKind: 'Deployment',
      subjectNamespace: ns,
      subjectName: 'web',
      state: 'approved',
      expiresAt: new Date(NOW.getTime() + DAY_MS),
    },
    {
      checkId: 'GC-KEY-01',
      subjectKind: 'Bucket',
      subjectNamespace: null,
      subjectName: bucket,
      state: 'approved',
      expiresAt: new Date(NOW.getTime() + DAY_MS),
    },
  ],
  (ns, bucket) => [
    {
      checkId: 'GC-WL-02',
      subjectKind: 'Deployment',
      subjectNamespace: `${ns}-other`,
      subjectName: 'web',
      state: 'approved',
      expiresAt: new Date(NOW.getTime() + DAY_MS),
    },
    {
      checkId: 'GC-KEY-01',
      subjectKind: 'Bucket',
      subjectNamespace: '',
      subjectName: bucket,
      state: 'revoked',
      expiresAt: new Date(NOW.getTime() + DAY_MS),
    },
  ],
]

/** Offsets from the due time: overdue at exactly due, not a millisecond before. */
const DUE_OFFSETS = [-DAY_MS, -1, 0, 1, DAY_MS]

async function seed(): Promise<void> {
  const agencyId = await makeAgency(database.db, 'Sở Y tế')
  const [requester, decider] = [await makeUser(database.db), await makeUser(database.db, 'Phạm Thu Hương')]
  facts = []
  waivers = []
  const projects: (string | null)[] = [null]
  for (const [i, arrange] of ARRANGEMENTS.entries()) {
    const projectId = await makeProject(database.db, agencyId, { securityLevel: 3 })
    projects.push(projectId)
    for (const waiver of arrange(`ns-${i + 1}`, `data-${i + 1}`)) {
      waivers.push({ ...waiver, projectId })
      await database.db.securityWaiver.create({
        data: {
          ...waiver,
          state: waiver.state as WaiverState,
          projectId,
          justification: 'Hệ thống cũ, đang thay thế',
          compensatingControl: 'Tường lửa ứng dụng',
          requestedById: requester,
          requestedAt: new Date(NOW.getTime() - 10 * DAY_MS),
          decidedById: waiver.state === 'requested' ? null : decider,
        },
      })
    }
  }
  let n = 0
  for (const [p, projectId] of projects.entries())
    for (const severity of SEVERITIES)
      for (const offset of DUE_OFFSETS)
        for (const [checkId, subjectKind, subjectNamespace, subjectName] of [
          ['GC-WL-02', 'Deployment', `ns-${p}`, 'web'],
          ['GC-WL-02', 'Deployment', `ns-${p}`, 'api'],
          ['GC-KEY-01', 'Bucket', '', `data-${p}`],
        ] as const)
          for (const resolved of [false, true]) {
            n += 1
            const firstSeenAt = new Date(NOW.getTime() - DAYS_TO_FIX[severity] * DAY_MS + offset)
            const fact = {
              id: `0193a000-0000-7000-8000-${String(n).padStart(12, '0')}`,
              projectId,
              checkId,
              subjectKind,
              subjectNamespace,
              // Open findings are one per subject: resolved ones and each offset get a name of their own.
              subjectName: `${subjectName}${resolved ? '-r' : ''}-${severity}-${offset}`,
              severity,
              firstSeenAt,
              resolvedAt: resolved ? NOW : null,
            }
            facts.push(fact)
          }
  // The subjects the waivers name exactly: one open finding each, due in a day (open unless waived).
  for (const [p, projectId] of projects.entries())
    for (const [checkId, subjectKind, subjectNamespace, subjectName] of [
      ['GC-WL-02', 'Deployment', `ns-${p}`, 'web'],
      ['GC-KEY-01', 'Bucket', '', `data-${p}`],
    ] as const) {
      n += 1
      facts.push({
        id: `0193a000-0000-7000-8000-${String(n).padStart(12, '0')}`,
        projectId,
        checkId,
        subjectKind,
        subjectNamespace,
        subjectName,
        severity: 'high',
        firstSeenAt: new Date(NOW.getTime() - 29 * DAY_MS),
        resolvedAt: null,
      })
    }
  await database.db.securityFinding.createMany({
    data: facts.map((f) => ({ ...f, agencyId: f.projectId ? agencyId : null, lastSeenAt: NOW, securityLevel: 3 })),
  })
}

beforeAll(async () => {
  database = await createTestDatabase()
  await seed()
}, 60_000)
afterAll(() => database.drop())

const expected = () => new Map(facts.map((f) => [f.id, findingStatus(f, waivers, NOW)]))

describe('the SQL twin of a finding status', () => {
  it('decides every finding as findingStatus does', async () => {
    const rows = await database.db.$queryRaw<{ id: string; status: string }[]>`
      SELECT f."id", ${statusSql(NOW)} AS "status" FROM "SecurityFinding" f`
    const want = expected()
    expect(new Map(rows.map((r) => [r.id, r.status]))).toEqual(want)
    // The table covers every status, several times over.
    for (const status of FINDING_STATUSES)
      expect([...want.values()].filter((s) => s === status).length).toBeGreaterThan(3)
  })

  it('finds exactly the findings of each set of statuses', async () => {
    const want = expected()
    for (let mask = 0; mask < 1 << FINDING_STATUSES.length; mask += 1) {
      const statuses = FINDING_STATUSES.filter((_, i) => mask & (1 << i))
      const rows = await database.db.$queryRaw<{ id: string }[]>(
        Prisma.sql`SELECT f."id" FROM "SecurityFinding" f WHERE ${statusInSql(statuses, NOW)} ORDER BY 1`,
      )
      const ids = [...want]
        .filter(([, status]) => statuses.includes(status))
        .map(([id]) => id)
        .sort()
      expect(
        rows.map((r) => r.id),
        statuses.join(','),
      ).toEqual(ids)
    }
  })
})
