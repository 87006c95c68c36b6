// Closing a month across a merger's date (decisions 0048 and 0057) on a test database, through the
// whole statements job: a district office's project metered on 15 and 25 November, the office
// merged into the department from the 20th; the job closes November with the 15th on the office's
// statement and the 25th on the department's, beside the department's own project, whatever the
// month's closed rows say (they are written for every project; a moved one is read from its days).
// A late correction of either day issues version 2 of that agency's statement only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { requestMerge } from '#server/agencies/merge'
import { createAgency } from '#server/agencies/store'
import { localMidnight } from '#server/domain/local-calendar'
import type { HourValues } from '#server/metering/plan'
import { closeStatements } from '#server/metering/close-statements'
import { HOUR_MS } from '#server/metering/hours'
import { hasMonthRows } from '#server/metering/month-rows'
import { latestStatement } from '#server/metering/statement-store'
import { createTestDatabase, type TestDatabase } from '../../helpers/database'
import { makeProject, makeUser } from '../../helpers/fixtures'
import { meterCpu } from '../../helpers/metering'

const NOVEMBER = '2026-11-01'
// 1 December 10:00 in Việt Nam: November's last hour has had its late pass.
const NOW = new Date('2026-12-01T03:00:00Z')
const LAST = new Date(localMidnight('2026-12-01').getTime() - HOUR_MS)
const at = (day: string, hour: number) => new Date(localMidnight(day).getTime() + hour * HOUR_MS)
// 4 vCPU granted, 1 requested, 0.5 used: 1,000 millicore-hours charged an hour (max of the two).
const hourOf = (used: bigint): HourValues => ({
  granted: 4000n,
  requested: 1000n,
  used,
  usedPeak: used,
  refusal: null,
})

let t: TestDatabase
let office: string
let department: string
let moved: string
let own: string

const close = () => closeStatements({ db: t.db, now: () => NOW })
/** Each project's charged millicore-hours on the agency's latest statement of November. */
async function charged(agencyId: string): Promise<Record<string, bigint>> {
  const stored = await latestStatement(t.db, agencyId, NOVEMBER)
  const out: Record<string, bigint> = {}
  for (const project of stored?.statement.projects ?? [])
    out[project.projectId === moved ? 'moved' : 'own'] = project.lines[0]!.quantityHours
  return out
}

beforeAll(async () => {
  t = await createTestDatabase()
  const admin = { actor: { id: await makeUser(t.db, 'Lý Văn Quang'), label: 'Lý Văn Quang' } }
  const made = async (code: string, nameVi: string) => {
    const outcome = await createAgency(t.db, { code, nameVi, kind: 'people-committee', parentCode: null }, admin)
    if (!outcome.ok) throw new Error(JSON.stringify(outcome.issues))
    return outcome.value.id
  }
  office = await made('phong-tn-mt', 'Phòng Tài nguyên và Môi trường')
  department = await made('so-tn-mt', 'Sở Tài nguyên và Môi trường')
  moved = await makeProject(t.db, office)
  own = await makeProject(t.db, department)
  await t.db.rateCardVersion.create({
    data: {
      effectiveFrom: new Date('2026-01-01T00:00:00Z'),
      createdByLabel: 'test',
      prices: { create: [{ resource: 'cpu', price: 3_212_345n, basis: 'max_requested_used' }] },
    },
  })
  for (const hour of [0, 1, 2]) await meterCpu(t.db, moved, at('2026-11-15', hour), hourOf(500n))
  for (const hour of [0, 1]) await meterCpu(t.db, moved, at('2026-11-25', hour), hourOf(500n))
  await meterCpu(t.db, own, at('2026-11-25', 0), hourOf(500n))
  const merged = await requestMerge(
    t.db,
    { fromCode: 'phong-tn-mt', intoCode: 'so-tn-mt', effectiveDate: '2026-11-20' },
    admin,
    NOW,
  )
  expect(merged).toMatchObject({ ok: true, value: { state: 'applied' } })
  await t.db.meteringHour.create({ data: { hour: LAST, passes: 2, firstAt: NOW, lastAt: NOW, appended: 0 } })
}, 60_000)

afterAll(async () => {
  await t?.drop()
})

describe("closing a month across a merger's date", () => {
  it("bills the days before the date to the merged agency and from it to the receiving one's statement", async () => {
    const written = await close()
    expect(written.map((w) => [w.agencyId, w.version]).sort()).toEqual(
      [
        [office, 1],
        [department, 1],
      ].sort(),
    )
    expect(await hasMonthRows(t.db, NOVEMBER)).toBe(true)
    expect(await charged(office)).toEqual({ moved: 3000n })
    expect(await charged(department)).toEqual({ moved: 2000n, own: 1000n })
    expect(await close()).toEqual([])
  })

  it('corrects only the agency whose days a late record moved', async () => {
    // Used above the request late on the 25th: the department's version 2, the office's untouched.
    expect(await meterCpu(t.db, moved, at('2026-11-25', 1), hourOf(2500n))).toBe(1)
    expect(await close()).toEqual([{ agencyId: department, month: NOVEMBER, version: 2, changes: 1 }])
    expect(await charged(department)).toEqual({ moved: 3500n, own: 1000n })
    expect(await charged(office)).toEqual({ moved: 3000n })
    // And on the 15th: the office's version 2 only.
    expect(await meterCpu(t.db, moved, at('2026-11-15', 2), hourOf(1800n))).toBe(1)
    expect(await close()).toEqual([{ agencyId: office, month: NOVEMBER, version: 2, changes: 1 }])
    expect(await charged(office)).toEqual({ moved: 3800n })
    expect((await latestStatement(t.db, department, NOVEMBER))?.version).toBe(2)
  })
})
