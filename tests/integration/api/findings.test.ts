import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ApiDeps } from '#server/api/handler'
import { encodeCursor } from '#server/api/http'
import type { Severity } from '#server/security/catalogue'
import { recordFindings } from '#server/security/findings'
import { runScan } from '#server/security/scan-runs'
import { createSeededDatabase, type TestDatabase } from '../../helpers/database'
import { like } from '../../helpers/matchers'
import { automationToken, consoleUserToken } from '../../helpers/sign-in'
import { requireStackSetting } from '../../helpers/stack-env'
import { apiDeps, call, expectProblem, pageThrough, type Schemas } from './support'

// Findings, the dashboard's counts, the checks and the scanners' runs over the API (issue 13,
// decision 0044), with the pages' authorisation. Findings of two agencies' projects and of the
// platform are recorded as a scan would; an.nguyen (staff of so-khcn) asks for a waiver of one and
// huong.pham (security officer) approves it. The attacks: the agency automation client (staff of
// so-tc) asking for so-khcn's findings by id, by agency, by project and from a cursor made of
// one of them; an operator (duc.dang) asking for any. On main these paths do not exist (404
// api.route_not_found), and GC-S3-01 was refused as a check filter (the id pattern had no digits).

type Finding = Schemas['Finding']
let t: TestDatabase
let deps: ApiDeps
let agencyClient: string
let an: string
let huong: string
let duc: string
let khcn: { id: string; namespace: string; agencyId: string; securityLevel: number }
let tc: { id: string; namespace: string; agencyId: string; securityLevel: number }
const DAY = 86_400_000
const now = Date.now()
const ago = (days: number) => new Date(now - days * DAY)
const byId = async (checkId: string, name: string) =>
  (await t.db.securityFinding.findFirstOrThrow({ where: { checkId, subjectName: name } })).id
const denials = (entityId: string) =>
  t.db.auditEntry.findMany({ where: { outcome: 'denied', entityId }, select: { action: true, actorId: true } })
const userId = async (username: string) => (await t.db.user.findUniqueOrThrow({ where: { username } })).id

/** One observation recorded by a scan of that check alone, first seen `days` ago. */
async function observe(
  project: typeof khcn | null,
  checkId: string,
  subject: { kind: string; name: string },
  severity: Severity,
  days: number,
) {
  await recordFindings(
    t.db,
    { checkIds: [checkId] },
    [
      {
        checkId,
        subject: { ...subject, namespace: project && subject.kind !== 'Bucket' ? project.namespace : '' },
        projectId: project?.id ?? null,
        agencyId: project?.agencyId ?? null,
        securityLevel: project?.securityLevel ?? null,
        severity,
        detail: { message: `${checkId} ${subject.name}` },
      },
    ],
    ago(days),
  )
}

beforeAll(async () => {
  t = await createSeededDatabase()
  deps = apiDeps(t.db, { API_EXTRA_AUDIENCES: requireStackSetting('OIDC_CLIENT_ID') })
  agencyClient = await automationToken()
  an = await consoleUserToken('an.nguyen')
  huong = await consoleUserToken('huong.pham')
  duc = await consoleUserToken('duc.dang')
  for (const token of [agencyClient, an, huong, duc])
    expect((await call(deps, 'GET', '/agencies', { token })).status).toBe(200)
  const select = { id: true, namespace: true, agencyId: true, securityLevel: true }
  khcn = await t.db.project.findFirstOrThrow({ where: { agency: { code: 'so-khcn' } }, select })
  tc = await t.db.project.findFirstOrThrow({ where: { agency: { code: 'so-tc' } }, select })
  await observe(khcn, 'GC-WL-02', { kind: 'Deployment', name: 'api' }, 'high', 50)
  await observe(khcn, 'GC-WL-05', { kind: 'Deployment', name: 'web' }, 'low', 40)
  await observe(khcn, 'GC-NET-02', { kind: 'Ingress', name: 'public' }, 'high', 5)
  await recordFindings(t.db, { checkIds: ['GC-NET-02'] }, [], ago(4))
  await observe(null, 'GC-PLT-04', { kind: 'ObjectStorage', name: 'filer' }, 'high', 3)
  await observe(khcn, 'GC-S3-01', { kind: 'Bucket', name: `${khcn.namespace}-data` }, 'medium', 2)
  await observe(tc, 'GC-WL-03', { kind: 'Deployment', name: 'app' }, 'medium', 1)
  const asked = await call<Schemas['Waiver']>(deps, 'POST', '/waivers', {
    token: an,
    body: {
      projectId: khcn.id,
      findingId: await byId('GC-WL-05', 'web'),
      justification: 'Ứng dụng cũ cần token để đọc ConfigMap; đang viết lại.',
      compensatingControl: 'RoleBinding chỉ cho đọc ConfigMap của dự án.',
      expiresAt: new Date(now + 60 * DAY).toISOString().slice(0, 10),
    },
  })
  expect(asked.status, asked.text).toBe(201)
  const approved = await call(deps, 'POST', `/waivers/${asked.json.id}/actions/approve`, {
    token: huong,
    body: { reason: 'Rủi ro thấp.' },
  })
  expect(approved.status, approved.text).toBe(200)
})
afterAll(async () => t?.drop())

describe('findings over the API', () => {
  it('gives a security officer every finding, newest first, each once across pages, with its status by the one rule', async () => {
    const all = await pageThrough<Finding>(deps, huong, '/findings', { limit: 2 })
    expect(all.map((f) => `${f.checkId} ${f.subject.name}`)).toEqual([
      'GC-WL-03 app',
      `GC-S3-01 ${khcn.namespace}-data`,
      'GC-PLT-04 filer',
      'GC-NET-02 public',
      'GC-WL-05 web',
      'GC-WL-02 api',
    ])
    const waiver = await t.db.securityWaiver.findFirstOrThrow({ where: { state: 'approved' } })
    const status = Object.fromEntries(all.map((f) => [f.subject.name, [f.status, f.waivedUntil]]))
    expect(status).toMatchObject({
      api: ['overdue', null],
      web: ['waived', waiver.expiresAt.toISOString()],
      public: ['resolved', null],
      filer: ['open', null],
    })
    const api = all.find((f) => f.subject.name === 'api')!
    expect(api.dueAt).toBe(new Date(ago(50).getTime() + 30 * DAY).toISOString())
    expect(api).toMatchObject({
      severity: 'high',
      project: { id: khcn.id, namespace: khcn.namespace },
      agency: { code: 'so-khcn', name: { vi: 'Sở Khoa học và Công nghệ' } },
      detail: { message: 'GC-WL-02 api' },
      resolvedAt: null,
    })
    expect(all.find((f) => f.subject.name === 'filer')).toMatchObject({ project: null, agency: null })
  })

  it('filters by status, severity, check, agency, project, level, kind and first-seen days', async () => {
    const names = async (query: string, token = huong) => {
      const res = await call<Schemas['FindingPage']>(deps, 'GET', `/findings?${query}`, { token })
      expect(res.status, res.text).toBe(200)
      return res.json.items.map((f) => f.subject.name)
    }
    expect(await names('status=open,overdue')).toEqual(['app', `${khcn.namespace}-data`, 'filer', 'api'])
    expect(await names('status=waived')).toEqual(['web'])
    expect(await names('severity=high&status=overdue')).toEqual(['api'])
    expect(await names('check=GC-S3-01')).toEqual([`${khcn.namespace}-data`])
    expect(await names('agency=so-tc')).toEqual(['app'])
    expect(await names(`project=${khcn.id}&kind=Deployment`)).toEqual(['web', 'api'])
    expect(await names(`level=${khcn.securityLevel}&agency=so-khcn&status=resolved`)).toEqual(['public'])
    const day = (d: Date) => new Date(d.getTime() + 7 * 3_600_000).toISOString().slice(0, 10)
    expect(await names(`from=${day(ago(45))}&to=${day(ago(5))}`)).toEqual(['public', 'web'])
    for (const bad of ['status=fixed', 'level=6', 'level=03', 'check=GC-x', 'project=khcn', 'agency=So', 'sort=x'])
      expectProblem(await call(deps, 'GET', `/findings?${bad}`, { token: huong }), 400, 'api.invalid_query')
  })

  it("shows agency staff their agencies' findings only, and the dashboard's counts within them", async () => {
    const mine = await pageThrough<Finding>(deps, an, '/findings', { limit: 50 })
    expect(mine.map((f) => f.agency?.code)).toEqual(['so-khcn', 'so-khcn', 'so-khcn', 'so-khcn'])
    const officer = await call<Schemas['FindingSummary']>(deps, 'GET', '/findings/summary?days=7', { token: huong })
    expect(officer.status, officer.text).toBe(200)
    expect(officer.json).toMatchObject({
      toFix: { low: 0, medium: 2, high: 2, critical: 0 },
      overdue: { high: 1 },
      waived: { low: 1 },
    })
    expect(officer.json.trend).toHaveLength(7)
    expect(officer.json.cells.map((c) => c.agency?.code ?? null).sort()).toEqual([null, 'so-khcn', 'so-tc'])
    const staff = await call<Schemas['FindingSummary']>(deps, 'GET', '/findings/summary', { token: an })
    expect(staff.json).toMatchObject({ toFix: { medium: 1, high: 1 }, waived: { low: 1 } })
    expect(staff.json.cells.map((c) => c.agency?.code)).toEqual(['so-khcn'])
    expect(staff.json.trend).toHaveLength(30)
  })

  it("gives another agency's client nothing of so-khcn's: by id, agency, project or a cursor made from one (404 and empty, audited)", async () => {
    const theirs = await byId('GC-WL-02', 'api')
    expectProblem(await call(deps, 'GET', `/findings/${theirs}`, { token: agencyClient }), 404, 'api.not_found')
    const platform = await byId('GC-PLT-04', 'filer')
    expectProblem(await call(deps, 'GET', `/findings/${platform}`, { token: agencyClient }), 404, 'api.not_found')
    expect((await denials(theirs)).map((d) => d.action)).toEqual(['findings.read'])
    expect((await denials(platform)).map((d) => d.action)).toEqual(['findings.read'])

    const list = (query: string) =>
      call<Schemas['FindingPage']>(deps, 'GET', `/findings?${query}`, { token: agencyClient })
    expect((await list('agency=so-khcn')).json.items).toEqual([])
    expect((await list(`project=${khcn.id}`)).json.items).toEqual([])
    const found = await t.db.securityFinding.findUniqueOrThrow({
      where: { id: await byId('GC-S3-01', `${khcn.namespace}-data`) },
    })
    // A place just after so-khcn's newest finding: the rows after it are still only the caller's.
    const crafted = encodeCursor('findings', {
      at: new Date(found.firstSeenAt.getTime() + 1).toISOString(),
      id: found.id,
    })
    const after = await list(`cursor=${crafted}`)
    expect(after.status, after.text).toBe(200)
    expect(after.json.items.map((f) => f.agency?.code)).toEqual([])
    const own = await pageThrough<Finding>(deps, agencyClient, '/findings', { limit: 50 })
    expect(own.map((f) => [f.agency?.code, f.subject.name])).toEqual([['so-tc', 'app']])
    const summary = await call<Schemas['FindingSummary']>(deps, 'GET', '/findings/summary', { token: agencyClient })
    expect(summary.json.toFix).toEqual({ low: 0, medium: 1, high: 0, critical: 0 })
    expect(summary.json.waived).toEqual({ low: 0, medium: 0, high: 0, critical: 0 })
    expect(summary.json.cells.map((c) => c.agency?.code)).toEqual(['so-tc'])
  })

  it('refuses an operator every finding and count (403, each refusal audited)', async () => {
    const theirs = await byId('GC-WL-02', 'api')
    const before = await t.db.auditEntry.count({ where: { outcome: 'denied', actorId: await userId('duc.dang') } })
    for (const path of ['/findings', `/findings/${theirs}`, '/findings/summary', '/security/scans'])
      expectProblem(await call(deps, 'GET', path, { token: duc }), 403, 'api.forbidden')
    const after = await t.db.auditEntry.findMany({
      where: { outcome: 'denied', actorId: await userId('duc.dang') },
      orderBy: { seq: 'asc' },
      select: { action: true, entityId: true },
    })
    expect(after.slice(before).map((d) => [d.action, d.entityId])).toEqual([
      ['findings.read', '*'],
      ['findings.read', theirs],
      ['findings.read', '*'],
      ['scans.read', '*'],
    ])
  })
})

describe('checks and scans over the API', () => {
  it('gives everyone signed in the catalogue, each check in both languages with its levels', async () => {
    const all = await pageThrough<Schemas['Check']>(deps, duc, '/checks', { limit: 7 })
    expect(all.map((c) => c.id)).toEqual([...all.map((c) => c.id)].sort())
    expect(all.length).toBeGreaterThanOrEqual(20)
    const check = await call<Schemas['Check']>(deps, 'GET', '/checks/GC-WL-02', { token: agencyClient })
    expect(check.status, check.text).toBe(200)
    expect(check.json).toMatchObject({
      subject: 'workload',
      group: 'application',
      preventable: true,
      title: { vi: 'Image lấy từ kho ngoài danh sách được phép của cấp độ', en: like.any(String) },
    })
    expect(check.json.levels.slice(2)).toEqual([
      { level: 3, severity: 'high', enforcement: 'warn' },
      { level: 4, severity: 'high', enforcement: 'deny' },
      { level: 5, severity: 'critical', enforcement: 'deny' },
    ])
    const atLevel1 = await pageThrough<Schemas['Check']>(deps, an, '/checks?level=1', { limit: 50 })
    expect(atLevel1.every((c) => c.levels.some((l) => l.level === 1))).toBe(true)
    // The backup bucket's object lock is asked of levels 4 and 5 only.
    expect(atLevel1.map((c) => c.id)).toContain('GC-WL-02')
    expect(atLevel1.map((c) => c.id)).not.toContain('GC-S3-03')
    expectProblem(await call(deps, 'GET', '/checks/GC-NOPE-01', { token: an }), 404, 'api.not_found')
  })

  it("lists the scanners' runs for a security officer, newest first, and refuses agency staff (403, audited)", async () => {
    await runScan(t.db, 'storage', () =>
      Promise.resolve({ subjects: 12, recorded: { opened: 2, seen: 5, resolved: 1 } }),
    )
    await expect(
      runScan(t.db, 'platform', () => Promise.reject(new Error('the API server did not answer'))),
    ).rejects.toThrow()
    const runs = await call<Schemas['SecurityScanPage']>(deps, 'GET', '/security/scans', { token: huong })
    expect(runs.status, runs.text).toBe(200)
    expect(runs.json.items.map((r) => [r.source, r.subjects, r.opened, r.resolved, r.error])).toEqual([
      ['platform', 0, 0, 0, 'the API server did not answer'],
      ['storage', 12, 2, 1, null],
    ])
    const storage = await call<Schemas['SecurityScanPage']>(deps, 'GET', '/security/scans?source=storage', {
      token: huong,
    })
    expect(storage.json.items.map((r) => r.source)).toEqual(['storage'])
    expectProblem(await call(deps, 'GET', '/security/scans', { token: agencyClient }), 403, 'api.forbidden')
    const client = await userId('service-account-govcloud-automation')
    expect((await denials('*')).filter((d) => d.actorId === client)).toEqual([
      { action: 'scans.read', actorId: client },
    ])
  })
})
