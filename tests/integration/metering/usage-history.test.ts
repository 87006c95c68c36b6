// A project's use over time as the usage page, its CSV and the API read it (decision 0051), on a
// test database: 30 hours across two local days written through the metering's one write path
// (unmeasured hours, a correction), and another project's use beside it. Hours come back as the
// current revisions, days and the month as the averages of those hours, and nothing of the other
// project's.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { HOUR_MS } from '#server/domain/local-calendar'
import { projectUsage } from '#server/metering/usage-history'
import { createTestDatabase, type TestDatabase } from '../../helpers/database'
import { makeAgency, makeProject } from '../../helpers/fixtures'
import { meterCpu } from '../../helpers/metering'

// Local 5 December from 10:00 (03:00 UTC) to 6 December 15:00: 14 hours of one day, 16 of the next;
// every tenth hour not measured (the last one too, so the peak is hour 28's 2,900 millicores).
const FIRST = Date.parse('2026-12-05T03:00:00Z')
const HOURS = Array.from({ length: 30 }, (_, i) => new Date(FIRST + i * HOUR_MS))
const used = (i: number) => (i % 10 === 9 ? null : BigInt(100 * (i + 1)))

let t: TestDatabase
let projectId: string
let otherId: string
let edgeId: string
// 23:00 on 30 November and midnight on 1 December in Việt Nam: one hour on each side of the month.
const EDGE = [new Date('2026-11-30T16:00:00Z'), new Date('2026-11-30T17:00:00Z')]

beforeAll(async () => {
  t = await createTestDatabase()
  const agency = await makeAgency(t.db)
  projectId = await makeProject(t.db, agency)
  otherId = await makeProject(t.db, await makeAgency(t.db, 'Sở Tài chính'))
  edgeId = await makeProject(t.db, agency)
  for (const [i, hour] of EDGE.entries()) {
    const u = BigInt(1000 * (i + 1))
    await meterCpu(t.db, edgeId, hour, { granted: 4000n, requested: 3000n, used: u, usedPeak: u, refusal: null })
  }
  for (const [i, hour] of HOURS.entries()) {
    const u = used(i)
    await meterCpu(t.db, projectId, hour, { granted: 4000n, requested: 2000n, used: u, usedPeak: u, refusal: null })
    await meterCpu(t.db, otherId, hour, {
      granted: 8000n,
      requested: 8000n,
      used: 7000n,
      usedPeak: 7000n,
      refusal: null,
    })
  }
  // A late pass corrects hour 0 from 100 to 700 millicores: revision 1 is what counts.
  await meterCpu(t.db, projectId, HOURS[0]!, {
    granted: 4000n,
    requested: 2000n,
    used: 700n,
    usedPeak: 700n,
    refusal: null,
  })
}, 60_000)

afterAll(async () => {
  await t?.drop()
})

const expectedUse = (i: number) => (i === 0 ? 700n : used(i))
function average(indices: number[]): bigint {
  const measured = indices.map(expectedUse).filter((u): u is bigint => u !== null)
  const sum = measured.reduce((a, b) => a + b, 0n)
  const n = BigInt(measured.length)
  return (sum * 2n + n) / (2n * n)
}

describe("a project's use over time", () => {
  it('gives each hour its current revision, and leaves unmeasured hours unmeasured', async () => {
    const window = { from: HOURS[0]!.toISOString(), to: new Date(FIRST + 32 * HOUR_MS).toISOString() }
    const [cpu, ...others] = await projectUsage(t.db, projectId, 'hour', window)
    expect(others).toEqual([])
    expect(cpu?.resource).toBe('cpu')
    expect(cpu?.points).toHaveLength(32)
    for (const [i, point] of cpu!.points.slice(0, 30).entries()) {
      expect(point).toMatchObject({ hours: 1, used: expectedUse(i), granted: 4000n, requested: 2000n })
    }
    // The two hours after the last record are slots with nothing recorded.
    expect(cpu?.points.at(-1)).toMatchObject({ hours: 0, used: null, granted: null })
  })

  it('averages each local day and the month over their measured hours, from the day rollups', async () => {
    const first = [...Array(14).keys()]
    const second = [...Array(16).keys()].map((i) => i + 14)
    const [days] = await projectUsage(t.db, projectId, 'day', { from: '2026-12-04', to: '2026-12-07' })
    expect(days?.points.map((p) => [p.start, p.hours, p.usedHours, p.used])).toEqual([
      ['2026-12-04', 0, 0, null],
      ['2026-12-05', 14, 13, average(first)],
      ['2026-12-06', 16, 14, average(second)],
    ])
    const [months] = await projectUsage(t.db, projectId, 'month', { from: '2026-11-01', to: '2027-01-01' })
    expect(months?.points.map((p) => [p.start, p.hours, p.used, p.granted, p.usedPeak])).toEqual([
      ['2026-11-01', 0, null, null, null],
      ['2026-12-01', 30, average([...first, ...second]), 4000n, 2900n],
    ])
  })

  it('puts each hour in the local month it falls in: the database sums the months', async () => {
    const [months] = await projectUsage(t.db, edgeId, 'month', { from: '2026-10-01', to: '2027-01-01' })
    expect(months?.points.map((p) => [p.start, p.hours, p.used, p.requested, p.usedPeak])).toEqual([
      ['2026-10-01', 0, null, null, null],
      ['2026-11-01', 1, 1000n, 3000n, 1000n],
      ['2026-12-01', 1, 2000n, 3000n, 2000n],
    ])
  })
})
