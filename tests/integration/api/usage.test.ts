// GET /projects/{namespace}/usage (decision 0051) over the seeded database: a project's hours,
// days and months as its agency's automation reads them, in Kubernetes quantities; bad windows
// refused with 400; and the attack: agency so-tc's token asking for so-khcn's project gets the same
// 404 as for a project that does not exist, while an operator reads both.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ApiDeps } from '#server/api/handler'
import { HOUR_MS } from '#server/domain/local-calendar'
import { createSeededDatabase, type TestDatabase } from '../../helpers/database'
import { meterCpu } from '../../helpers/metering'
import { automationToken, consoleUserToken } from '../../helpers/sign-in'
import { requireStackSetting } from '../../helpers/stack-env'
import { apiDeps, call, expectProblem, type Schemas } from './support'

// Local 6 December 09:00-12:00 (02:00-05:00 UTC): three hours, the second not measured.
const FIRST = Date.parse('2026-12-06T02:00:00Z')
const USE = [1500n, null, 500n]

let t: TestDatabase
let deps: ApiDeps
let staffTc: string
let operator: string
let own: string
let foreign: string

async function projectOf(code: string) {
  const agency = await t.db.agency.findUniqueOrThrow({ where: { code }, select: { id: true } })
  return t.db.project.findFirstOrThrow({ where: { agencyId: agency.id }, select: { id: true, namespace: true } })
}

beforeAll(async () => {
  t = await createSeededDatabase()
  deps = apiDeps(t.db, { API_EXTRA_AUDIENCES: requireStackSetting('OIDC_CLIENT_ID') })
  staffTc = await automationToken()
  operator = await consoleUserToken('duc.dang')
  const tc = await projectOf('so-tc')
  const khcn = await projectOf('so-khcn')
  own = tc.namespace
  foreign = khcn.namespace
  for (const [i, used] of USE.entries()) {
    const hour = new Date(FIRST + i * HOUR_MS)
    await meterCpu(t.db, tc.id, hour, { granted: 2000n, requested: 1000n, used, usedPeak: used, refusal: null })
    await meterCpu(t.db, khcn.id, hour, {
      granted: 9000n,
      requested: 9000n,
      used: 8000n,
      usedPeak: 8000n,
      refusal: null,
    })
  }
}, 120_000)
afterAll(async () => t?.drop())

const usage = (token: string, path: string) => call<Schemas['ProjectUsage']>(deps, 'GET', path, { token })

describe('a project’s usage over the API', () => {
  it('gives its agency each hour as recorded, an unmeasured hour as null', async () => {
    const answer = await usage(
      staffTc,
      `/projects/${own}/usage?resolution=hour&from=2026-12-06T02:00:00Z&to=2026-12-06T05:00:00Z`,
    )
    expect(answer.status, answer.text).toBe(200)
    expect(answer.json).toMatchObject({ namespace: own, resolution: 'hour', from: '2026-12-06T02:00:00.000Z' })
    const cpu = answer.json.resources.find((r) => r.resource === 'cpu')
    expect(cpu?.unit).toBe('millicores')
    expect(cpu?.points.map((p) => [p.start, p.used, p.granted, p.requested])).toEqual([
      ['2026-12-06T02:00:00.000Z', '1500m', '2', '1'],
      ['2026-12-06T03:00:00.000Z', null, '2', '1'],
      ['2026-12-06T04:00:00.000Z', '500m', '2', '1'],
    ])
  })

  it('gives the local day the average of its measured hours, and the month from its days', async () => {
    const day = await usage(staffTc, `/projects/${own}/usage?resolution=day&from=2026-12-06&to=2026-12-07`)
    expect(day.status, day.text).toBe(200)
    expect(day.json.resources.find((r) => r.resource === 'cpu')?.points).toEqual([
      { start: '2026-12-06', hours: 3, usedHours: 2, used: '1', usedPeak: '1500m', granted: '2', requested: '1' },
    ])
    const month = await usage(staffTc, `/projects/${own}/usage?resolution=month&from=2026-12-01&to=2027-01-01`)
    expect(month.json.resources.find((r) => r.resource === 'cpu')?.points[0]).toMatchObject({
      start: '2026-12-01',
      hours: 3,
      used: '1',
    })
  })

  it('refuses an unknown resolution, an unreadable date, an empty window and a year of hours', async () => {
    for (const query of [
      'resolution=week',
      'from=06/12/2026',
      'from=2026-12-06&to=2026-12-06',
      'resolution=hour&from=2026-01-01&to=2026-12-01',
      'limit=5',
    ]) {
      expectProblem(await usage(staffTc, `/projects/${own}/usage?${query}`), 400, 'api.invalid_query')
    }
  })

  it("answers another agency's staff as if the project did not exist, and lets operators read it", async () => {
    const other = await usage(staffTc, `/projects/${foreign}/usage?resolution=hour&from=2026-12-06T02:00:00Z`)
    const missing = await usage(staffTc, '/projects/khong-ton-tai/usage')
    expectProblem(other, 404, 'api.not_found')
    expectProblem(missing, 404, 'api.not_found')
    expect(other.text).not.toContain('8000')
    expect({ ...other.json, instance: '' }).toEqual({ ...missing.json, instance: '' })
    const byOperator = await usage(
      operator,
      `/projects/${foreign}/usage?resolution=hour&from=2026-12-06T02:00:00Z&to=2026-12-06T05:00:00Z`,
    )
    expect(byOperator.status, byOperator.text).toBe(200)
    expect(byOperator.json.resources[0]?.points[0]?.used).toBe('8')
  })
})
