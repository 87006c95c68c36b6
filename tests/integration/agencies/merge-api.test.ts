import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ApiDeps } from '#server/api/handler'
import { applyDueMerges } from '#server/agencies/merge'
import { archiveAgency, createAgency } from '#server/agencies/store'
import { localDateOf, localMidnight } from '#server/domain/local-calendar'
import { createSeededDatabase, type TestDatabase } from '../../helpers/database'
import { makeProject } from '../../helpers/fixtures'
import { automationToken, consoleUserToken } from '../../helpers/sign-in'
import { requireStackSetting } from '../../helpers/stack-env'
import { apiDeps, call, expectProblem, fieldCodes, type Schemas } from '../api/support'

// Mergers over the API (issue 15, decision 0057) with the realm's real people: the platform
// administrator (quang.ly) previews and carries out a merger, asking again changes nothing; bad
// input is refused at its field with nothing changed; agency staff (the automation client), an
// operator and a security officer get 403 on previews and mergers alike, and nothing changes. A
// scheduled merger is cancelled by the administrator alone (others 403); an applied one is 409. A
// merger refused when it fell due blocks another until the administrator clears it (decision 0075):
// others 403, nothing changes; cleared, audited with its refusal, the agency can be merged again.

let t: TestDatabase
let deps: ApiDeps
let admin: string
let others: [string, string, string]
const today = localDateOf(new Date())

beforeAll(async () => {
  t = await createSeededDatabase()
  deps = apiDeps(t.db, { API_EXTRA_AUDIENCES: requireStackSetting('OIDC_CLIENT_ID') })
  admin = await consoleUserToken('quang.ly')
  // Each person signs in once for the file: Keycloak refuses a one-time code used twice.
  others = [await automationToken(), await consoleUserToken('duc.dang'), await consoleUserToken('huong.pham')]
})
afterAll(async () => t?.drop())

const snapshot = async () => ({
  agencies: await t.db.agency.findMany({ orderBy: { code: 'asc' } }),
  projects: await t.db.project.findMany({ orderBy: { id: 'asc' }, select: { id: true, agencyId: true, slug: true } }),
  requests: await t.db.quotaRequest.findMany({ orderBy: { id: 'asc' }, select: { id: true, agencyId: true } }),
  merges: await t.db.agencyMerge.count(),
  changes: await t.db.auditEntry.count({ where: { action: { startsWith: 'agency.' }, outcome: 'ok' } }),
})

const merge = (token: string, from: string, body: unknown) =>
  call<Schemas['AgencyMerge']>(deps, 'POST', `/agencies/${from}/merge`, { token, body })

describe('everyone but platform administrators', () => {
  it('gets 403 on a preview and on a merger, audited as denied, and nothing changes', async () => {
    const [staff, operator, security] = others
    const tokens = { staff, operator, security }
    const before = await snapshot()
    const denied = await t.db.auditEntry.count({ where: { outcome: 'denied' } })
    for (const [role, token] of Object.entries(tokens))
      for (const dryRun of [true, false]) {
        const answer = await merge(token, 'so-tc', { intoCode: 'so-khcn', effectiveDate: today, dryRun })
        expect(answer.status, `${role} dryRun=${dryRun}: ${answer.text}`).toBe(403)
      }
    expect(await snapshot()).toEqual(before)
    expect(await t.db.auditEntry.count({ where: { outcome: 'denied' } })).toBe(denied + 6)
  })
})

describe('the platform administrator', () => {
  it('previews what would move, changing nothing', async () => {
    const before = await snapshot()
    const answer = await merge(admin, 'so-tc', { intoCode: 'so-khcn', effectiveDate: today, dryRun: true })
    expect(answer.status, answer.text).toBe(200)
    const names = await t.db.project.findMany({ where: { agency: { code: 'so-tc' } }, select: { namespace: true } })
    expect(answer.json).toMatchObject({ fromCode: 'so-tc', intoCode: 'so-khcn', state: 'preview', changed: false })
    expect(answer.json.preview?.applyNow).toBe(true)
    expect(answer.json.preview?.projects.map((p) => p.namespace).sort()).toEqual(names.map((p) => p.namespace).sort())
    expect(await snapshot()).toEqual(before)
  })

  it('gets each refusal at its field, an unknown agency 404, with nothing changed', async () => {
    const before = await snapshot()
    const at = async (from: string, body: unknown) =>
      fieldCodes(expectProblem(await merge(admin, from, body), 422, 'api.invalid_input'))
    expect(await at('so-tc', { intoCode: 'so-tc', effectiveDate: today })).toEqual([
      ['/intoCode', 'agency.merge_into_self'],
    ])
    expect(await at('so-khcn', { intoCode: 'ttcns', effectiveDate: today })).toEqual([
      ['/intoCode', 'agency.merge_into_descendant'],
    ])
    expect(await at('so-tc', { intoCode: 'ubnd-huyen-cao-loc', effectiveDate: today })).toEqual([
      ['/intoCode', 'agency.merge_into_merged'],
    ])
    expect(await at('so-tc', { intoCode: 'so-khcn', effectiveDate: '2020-01-01' })).toEqual([
      ['/effectiveDate', 'agency.merge_date_closed'],
    ])
    expect(await at('so-tc', { intoCode: 'so-khcn', effectiveDate: 20261207 })).toEqual([
      ['/effectiveDate', 'input.not_text'],
    ])
    expectProblem(
      await merge(admin, 'khong-ton-tai', { intoCode: 'so-khcn', effectiveDate: today }),
      404,
      'api.not_found',
    )
    expect(await snapshot()).toEqual(before)
  })

  it('merges today: the systems and their requests move, the agency is merged, and asking again changes nothing', async () => {
    const moving = await t.db.project.findMany({ where: { agency: { code: 'so-tc' } }, select: { id: true } })
    const answer = await merge(admin, 'so-tc', { intoCode: 'so-khcn', effectiveDate: today })
    expect(answer.status, answer.text).toBe(200)
    expect(answer.json).toMatchObject({ state: 'applied', changed: true, effectiveDate: today })
    const into = await t.db.agency.findUniqueOrThrow({ where: { code: 'so-khcn' } })
    const ids = moving.map((p) => p.id)
    expect(await t.db.project.count({ where: { id: { in: ids }, agencyId: into.id } })).toBe(ids.length)
    expect(await t.db.quotaRequest.count({ where: { projectId: { in: ids }, agencyId: { not: into.id } } })).toBe(0)
    expect(await t.db.agency.findUniqueOrThrow({ where: { code: 'so-tc' } })).toMatchObject({
      status: 'merged',
      mergedIntoId: into.id,
    })
    const before = await snapshot()
    const again = await merge(admin, 'so-tc', { intoCode: 'so-khcn', effectiveDate: today })
    expect(again.json).toMatchObject({ state: 'applied', changed: false })
    expect(await snapshot()).toEqual(before)
  })
})

describe('cancelling a scheduled merger', () => {
  const later = localDateOf(new Date(Date.now() + 30 * 86_400_000))
  const cancel = (token: string, from: string) =>
    call<Schemas['AgencyMerge']>(deps, 'POST', `/agencies/${from}/merge/cancel`, { token })

  it('is 403 for everyone but platform administrators, audited as denied, and nothing changes', async () => {
    const asked = await merge(admin, 'so-yt', { intoCode: 'so-gddt', effectiveDate: later })
    expect(asked.json.state, asked.text).toBe('scheduled')
    const before = await snapshot()
    const denied = await t.db.auditEntry.count({ where: { outcome: 'denied' } })
    for (const token of others) expect((await cancel(token, 'so-yt')).status).toBe(403)
    expect(await snapshot()).toEqual(before)
    expect(await t.db.auditEntry.count({ where: { outcome: 'denied' } })).toBe(denied + 3)
  })

  it('lets the administrator cancel it, audited, so that another can be asked; an applied one is 409', async () => {
    const cancelled = await cancel(admin, 'so-yt')
    expect(cancelled.status, cancelled.text).toBe(200)
    expect(cancelled.json).toMatchObject({
      fromCode: 'so-yt',
      intoCode: 'so-gddt',
      effectiveDate: later,
      state: 'cancelled',
    })
    const yt = await t.db.agency.findUniqueOrThrow({ where: { code: 'so-yt' } })
    expect(yt.status).toBe('active')
    expect(await t.db.agencyMerge.count({ where: { fromId: yt.id } })).toBe(0)
    const trail = await t.db.auditEntry.findFirst({ where: { action: 'agency.merge_cancelled', entityId: yt.id } })
    expect(trail?.outcome).toBe('ok')
    expectProblem(await cancel(admin, 'so-yt'), 409, 'agency.merge_none')
    expectProblem(await cancel(admin, 'nowhere'), 404, 'api.not_found')
    const other = await merge(admin, 'so-yt', { intoCode: 'so-khcn', effectiveDate: later })
    expect(other.json.state, other.text).toBe('scheduled')

    // so-tc was merged today above: its merger stays.
    const before = await snapshot()
    const applied = expectProblem(await cancel(admin, 'so-tc'), 409, 'agency.merge_applied')
    expect(applied.detail).toContain('không thể hủy')
    expect(await snapshot()).toEqual(before)
  })
})

describe('clearing a merger refused when it fell due', () => {
  const later = localDateOf(new Date(Date.now() + 20 * 86_400_000))
  const clear = (token: string, from: string) =>
    call<Schemas['AgencyMerge']>(deps, 'POST', `/agencies/${from}/merge/cancel`, { token })
  const system = { actor: { id: 'system:test', label: 'Kiểm thử' } }

  it('refuses another merger until cleared, refuses others the clearing, and lets the administrator clear it', async () => {
    const made = await createAgency(
      t.db,
      { code: 'so-moi', nameVi: 'Sở Mới thành lập', nameEn: 'New department', kind: 'department', parentCode: null },
      system,
    )
    expect(made.ok).toBe(true)
    const asked = await merge(admin, 'bv-da-khoa-tinh', { intoCode: 'so-moi', effectiveDate: later })
    expect(asked.json.state, asked.text).toBe('scheduled')
    // The receiving agency is archived before the date: the due job refuses the merger.
    expect((await archiveAgency(t.db, 'so-moi', system)).ok).toBe(true)
    const due = await applyDueMerges(t.db, localMidnight(later))
    expect(due.find((m) => m.fromCode === 'bv-da-khoa-tinh')?.state).toBe('refused')

    const again = await merge(admin, 'bv-da-khoa-tinh', { intoCode: 'so-khcn', effectiveDate: later })
    expect(fieldCodes(expectProblem(again, 422, 'api.invalid_input'))).toEqual([['', 'agency.merge_refused']])

    const before = await snapshot()
    for (const token of others) expect((await clear(token, 'bv-da-khoa-tinh')).status).toBe(403)
    expect(await snapshot()).toEqual(before)

    const cleared = await clear(admin, 'bv-da-khoa-tinh')
    expect(cleared.status, cleared.text).toBe(200)
    expect(cleared.json).toMatchObject({ fromCode: 'bv-da-khoa-tinh', intoCode: 'so-moi', state: 'cleared' })
    const bv = await t.db.agency.findUniqueOrThrow({ where: { code: 'bv-da-khoa-tinh' } })
    expect(await t.db.agencyMerge.count({ where: { fromId: bv.id } })).toBe(0)
    const trail = await t.db.auditEntry.findFirstOrThrow({ where: { action: 'agency.merge_cleared', entityId: bv.id } })
    expect(trail.before).toMatchObject({ into: 'so-moi', refusal: [{ error: { code: 'agency.merge_into_archived' } }] })
    expectProblem(await clear(admin, 'bv-da-khoa-tinh'), 409, 'agency.merge_none')
    const other = await merge(admin, 'bv-da-khoa-tinh', { intoCode: 'so-khcn', effectiveDate: later })
    expect(other.json.state, other.text).toBe('scheduled')
  })
})

describe('confirming what was previewed', () => {
  const later = localDateOf(new Date(Date.now() + 25 * 86_400_000))

  it('refuses, changing nothing, when the figures moved since the preview; the new preview confirms', async () => {
    const asked = { intoCode: 'so-khcn', effectiveDate: later }
    const first = await merge(admin, 'ubnd-tp-lang-son', { ...asked, dryRun: true })
    expect(first.status, first.text).toBe(200)
    const seen = first.json.preview!
    // A system is registered meanwhile: the merger would move one more than was read.
    const agency = await t.db.agency.findUniqueOrThrow({ where: { code: 'ubnd-tp-lang-son' } })
    await makeProject(t.db, agency.id, { name: 'Hệ thống mới đăng ký' })
    const before = await snapshot()
    const stale = await merge(admin, 'ubnd-tp-lang-son', { ...asked, previewed: seen.fingerprint })
    const problem = expectProblem(stale, 422, 'api.invalid_input')
    expect(fieldCodes(problem)).toEqual([['', 'agency.merge_preview_stale']])
    expect(problem.errors?.[0]?.message).toContain('đã thay đổi kể từ khi xem trước')
    expect(await snapshot()).toEqual(before)

    const now = await merge(admin, 'ubnd-tp-lang-son', { ...asked, dryRun: true })
    expect(now.json.preview!.projects.length).toBe(seen.projects.length + 1)
    expect(now.json.preview!.fingerprint).not.toBe(seen.fingerprint)
    const confirmed = await merge(admin, 'ubnd-tp-lang-son', { ...asked, previewed: now.json.preview!.fingerprint })
    expect(confirmed.json.state, confirmed.text).toBe('scheduled')
  })
})
