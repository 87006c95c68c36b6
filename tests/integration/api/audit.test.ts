import { generateKeyPairSync, randomBytes } from 'node:crypto'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gunzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { handleApiRequest, type ApiDeps } from '#server/api/handler'
import { withRequestId } from '#server/observability/log'
import { createSeededDatabase, type TestDatabase } from '../../helpers/database'
import { like } from '../../helpers/matchers'
import { automationToken, consoleUserToken } from '../../helpers/sign-in'
import { requireStackSetting } from '../../helpers/stack-env'
import { ORIGIN, apiDeps, call, expectProblem, type Schemas } from './support'

// The audit trail over the API, with the page's authorisation (audit.read: security officers and
// platform administrators): the search newest first with each entry's place in the chain, the
// integrity, the export; and agency automation and operators refused, each refusal recorded.

let t: TestDatabase
let deps: ApiDeps
let staff: string
let operator: string
let security: string

beforeAll(async () => {
  t = await createSeededDatabase()
  const dir = mkdtempSync(join(tmpdir(), 'audit-api-'))
  const { publicKey } = generateKeyPairSync('ed25519')
  writeFileSync(join(dir, 'verify.pem'), publicKey.export({ type: 'spki', format: 'pem' }))
  deps = apiDeps(t.db, {
    API_EXTRA_AUDIENCES: requireStackSetting('OIDC_CLIENT_ID'),
    AUDIT_VERIFY_KEY_FILE: join(dir, 'verify.pem'),
  })
  staff = await automationToken()
  operator = await consoleUserToken('duc.dang')
  security = await consoleUserToken('huong.pham')
})
afterAll(async () => t?.drop())

describe('the audit trail over the API', () => {
  it('is searched newest first by a security officer, page by page, each entry with its place in the chain', async () => {
    const total = await t.db.auditEntry.count()
    const first = await call<Schemas['AuditEntryPage']>(deps, 'GET', '/audit/entries?limit=2', { token: security })
    expect(first.status, first.text).toBe(200)
    expect(first.json.items.map((e) => e.seq)).toEqual([total, total - 1])
    expect(first.json.items[0]!.chain).toMatchObject({
      checkpoint: null,
      hash: like.stringMatching(/^[0-9a-f]{64}$/),
    })
    expect(first.json.items[1]!.chain.hash).toBe(first.json.items[0]!.chain.prevHash)
    const next = await call<Schemas['AuditEntryPage']>(
      deps,
      'GET',
      `/audit/entries?limit=2&cursor=${first.json.nextCursor}`,
      { token: security },
    )
    expect(next.json.items.map((e) => e.seq)).toEqual([total - 2, total - 3])
    const byAction = await call<Schemas['AuditEntryPage']>(
      deps,
      'GET',
      '/audit/entries?action=request.create&agency=so-khcn',
      {
        token: security,
      },
    )
    expect(byAction.json.items.length).toBeGreaterThan(0)
    expect(new Set(byAction.json.items.map((e) => e.action))).toEqual(new Set(['request.create']))
  })

  it('finds the entries one request wrote by its reference, and nothing for one not in the trail', async () => {
    // The web tier runs each request in its id's context (bin/worker-http.mjs); here the test does.
    const reference = `REF${randomBytes(6).toString('hex').toUpperCase()}`
    const refused = await withRequestId(reference, () => call(deps, 'GET', '/audit/integrity', { token: operator }))
    expectProblem(refused, 403, 'api.forbidden')
    const found = await call<Schemas['AuditEntryPage']>(deps, 'GET', `/audit/entries?request=${reference}`, {
      token: security,
    })
    expect(found.status, found.text).toBe(200)
    expect(found.json.items.map((e) => [e.action, e.outcome, e.requestId])).toEqual([
      ['audit.read', 'denied', reference],
    ])
    // Combined with the other filters (AND), and a well-formed reference the trail lacks finds nothing.
    const none = await call<Schemas['AuditEntryPage']>(deps, 'GET', `/audit/entries?request=${reference}&outcome=ok`, {
      token: security,
    })
    expect(none.json.items).toEqual([])
    const unknown = await call<Schemas['AuditEntryPage']>(deps, 'GET', '/audit/entries?request=0000000000000000', {
      token: security,
    })
    expect(unknown.json).toEqual({ items: [], nextCursor: null })
  })

  it('refuses a malformed search by naming the parameter', async () => {
    // A reference is letters, digits and hyphens only: no quotes, wildcards or another parameter.
    for (const request of ["x'%20OR%20'1'%3D'1", '%25', 'A'.repeat(65), `${'A'.repeat(16)}&request=B`]) {
      const refused = await call(deps, 'GET', `/audit/entries?request=${request}`, { token: security })
      expectProblem(refused, 400, 'api.invalid_query')
    }
    expectProblem(
      await call(deps, 'GET', '/audit/entries?outcome=maybe', { token: security }),
      400,
      'api.invalid_query',
    )
    expectProblem(await call(deps, 'GET', '/audit/entries?who=lan', { token: security }), 400, 'api.invalid_query')
    expectProblem(await call(deps, 'GET', '/audit/export?format=xml', { token: security }), 400, 'api.invalid_query')
  })

  it('says how the trail was last signed and verified', async () => {
    const res = await call<Schemas['AuditIntegrity']>(deps, 'GET', '/audit/integrity', { token: security })
    expect(res.status).toBe(200)
    expect(res.json).toEqual({
      configured: true,
      checkpointIntervalSeconds: 600,
      lastCheckpoint: null,
      lastVerification: null,
    })
  })

  it('exports a bundle with the entries, the public key and the procedure', async () => {
    const res = await fetchExport('/audit/export?format=json&action=request.create', security)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/gzip')
    const tar = gunzipSync(Buffer.from(await res.arrayBuffer())).toString('latin1')
    expect(tar).toContain('/entries.json')
    expect(tar).toContain('/public-key.pem')
    expect(tar).toContain('/verify.py')
    expect(await t.db.auditEntry.count({ where: { action: 'audit.export', outcome: 'ok' } })).toBe(1)
  })

  it.each([
    ['an agency automation client', () => staff],
    ['a data-centre operator', () => operator],
  ])('refuses %s every audit operation, and records each refusal', async (_who, token) => {
    const before = await t.db.auditEntry.count({ where: { action: 'audit.read', outcome: 'denied' } })
    for (const path of [
      '/audit/entries',
      '/audit/entries?agency=so-tc',
      '/audit/integrity',
      '/audit/export?format=json',
    ]) {
      const answer = await call(deps, 'GET', path, { token: token() })
      expectProblem(answer, 403, 'api.forbidden')
      expect(answer.text).not.toMatch(/[0-9a-f]{64}/)
    }
    expect(await t.db.auditEntry.count({ where: { action: 'audit.read', outcome: 'denied' } })).toBe(before + 4)
  })
})

/** The export's bytes as the API answers them (call() reads answers as text). */
function fetchExport(path: string, token: string): Promise<Response> {
  return handleApiRequest(
    new Request(`${ORIGIN}/api/v1${path}`, { headers: { authorization: `Bearer ${token}` } }),
    deps,
  )
}
