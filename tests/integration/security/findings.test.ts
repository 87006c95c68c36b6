import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { recordFindings, type Observation } from '#server/security/findings'
import { createTestDatabase, type TestDatabase } from '../../helpers/database'
import { makeAgency, makeProject } from '../../helpers/fixtures'

// The findings store on the real database: a scan opens, refreshes and resolves findings within
// its scope only, resolved ones stay, and one that comes back is a new finding.

let database: TestDatabase
let agencyId: string
let projectId: string

beforeAll(async () => {
  database = await createTestDatabase()
  agencyId = await makeAgency(database.db, 'Sở Tài nguyên và Môi trường')
  projectId = await makeProject(database.db, agencyId, { securityLevel: 3 })
})
afterAll(() => database.drop())

const at = (minute: number) => new Date(Date.UTC(2026, 11, 6, 8, minute))
const seen = (checkId: string, name: string, namespace = 'ns-a', detail = {}): Observation => ({
  checkId,
  subject: { kind: 'Deployment', namespace, name },
  projectId,
  agencyId,
  securityLevel: 3,
  severity: 'high',
  detail,
})
const rows = () =>
  database.db.securityFinding.findMany({
    orderBy: [{ firstSeenAt: 'asc' }, { subjectName: 'asc' }],
    select: {
      checkId: true,
      subjectName: true,
      subjectNamespace: true,
      firstSeenAt: true,
      lastSeenAt: true,
      resolvedAt: true,
      detail: true,
    },
  })

describe('recording a scan', () => {
  it('opens, refreshes and resolves within its scope, and a finding that comes back is a new one', async () => {
    const scope = { checkIds: ['GC-WL-02', 'GC-WL-03'], namespaces: ['ns-a'] }
    expect(await recordFindings(database.db, scope, [seen('GC-WL-02', 'web'), seen('GC-WL-03', 'web')], at(0))).toEqual(
      {
        opened: 2,
        seen: 0,
        resolved: 0,
      },
    )
    // Another namespace's finding and another check's are outside the next scans' scope.
    await recordFindings(
      database.db,
      { checkIds: ['GC-WL-02'], namespaces: ['ns-b'] },
      [seen('GC-WL-02', 'api', 'ns-b')],
      at(0),
    )
    await recordFindings(database.db, { checkIds: ['GC-WL-05'] }, [seen('GC-WL-05', 'web')], at(0))

    const second = [seen('GC-WL-02', 'web', 'ns-a', { image: 'docker.io/nginx:1.27' })]
    expect(await recordFindings(database.db, scope, second, at(5))).toEqual({ opened: 0, seen: 1, resolved: 1 })
    expect(
      await recordFindings(database.db, scope, [seen('GC-WL-02', 'web'), seen('GC-WL-03', 'web')], at(10)),
    ).toEqual({
      opened: 1,
      seen: 1,
      resolved: 0,
    })

    const all = await rows()
    const of = (checkId: string, namespace = 'ns-a') =>
      all.filter((r) => r.checkId === checkId && r.subjectNamespace === namespace)
    expect(of('GC-WL-02')).toEqual([
      expect.objectContaining({ firstSeenAt: at(0), lastSeenAt: at(10), resolvedAt: null, detail: {} }),
    ])
    // Resolved at the scan that no longer saw it, kept, and opened anew when it came back.
    expect(of('GC-WL-03').map((r) => [r.firstSeenAt, r.lastSeenAt, r.resolvedAt])).toEqual([
      [at(0), at(0), at(5)],
      [at(10), at(10), null],
    ])
    expect(of('GC-WL-02', 'ns-b')[0]?.resolvedAt).toBeNull()
    expect(of('GC-WL-05')[0]?.resolvedAt).toBeNull()
  })

  it('without namespaces speaks for the checks everywhere, and an empty scan resolves all of them', async () => {
    expect(await recordFindings(database.db, { checkIds: ['GC-WL-02'] }, [], at(20))).toEqual({
      opened: 0,
      seen: 0,
      resolved: 2,
    })
    expect((await rows()).filter((r) => r.checkId === 'GC-WL-02' && r.resolvedAt === null)).toEqual([])
  })

  it('counts the same object seen twice in one scan once, and refuses an observation outside its checks', async () => {
    const twice = [
      seen('GC-WL-01', 'db', 'ns-a', { containers: ['a'] }),
      seen('GC-WL-01', 'db', 'ns-a', { containers: ['a', 'b'] }),
    ]
    expect(await recordFindings(database.db, { checkIds: ['GC-WL-01'] }, twice, at(30))).toMatchObject({ opened: 1 })
    expect((await rows()).find((r) => r.checkId === 'GC-WL-01')?.detail).toEqual({ containers: ['a', 'b'] })
    await expect(
      recordFindings(database.db, { checkIds: ['GC-WL-01'] }, [seen('GC-S3-01', 'b')], at(31)),
    ).rejects.toThrow(/GC-S3-01 outside the scan/)
  })

  it('keeps a finding with a name in Vietnamese exactly as seen', async () => {
    const named = {
      ...seen('GC-KEY-01', 'Máy chủ ứng dụng đề tài'),
      subject: { kind: 'AccessKey', namespace: 'ns-a', name: 'Máy chủ ứng dụng đề tài' },
    }
    await recordFindings(database.db, { checkIds: ['GC-KEY-01'] }, [named], at(40))
    expect((await rows()).find((r) => r.checkId === 'GC-KEY-01')?.subjectName).toBe('Máy chủ ứng dụng đề tài')
  })
})
