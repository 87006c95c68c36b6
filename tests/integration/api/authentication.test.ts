import { SignJWT, decodeJwt, generateKeyPair } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ApiDeps } from '#server/api/handler'
import { createBearerVerifier } from '#server/identity/bearer'
import type { TestDatabase } from '../../helpers/database'
import { consoleUserToken } from '../../helpers/sign-in'
import { requireStackSetting } from '../../helpers/stack-env'
import { apiDeps, call, expectProblem, openSeededApi, writeCounts, type Schemas } from './support'

// No token, a bad token of every kind, a token without a console role: refused before anything
// is read or written, with a problem document and the RFC 6750 challenge.

let t: TestDatabase
let deps: ApiDeps
let token: string

beforeAll(async () => {
  ;({ t, deps, token } = await openSeededApi())
})
afterAll(async () => t?.drop())

const challenge = (res: { headers: Headers }) => res.headers.get('www-authenticate') ?? ''
const issuer = () => requireStackSetting('OIDC_ISSUER')

describe('bearer tokens on the API', () => {
  it('refuses a request without a token: 401, challenge without an error code, problem+json', async () => {
    const before = await writeCounts(t.db)
    const res = await call(deps, 'GET', '/requests')
    const problem = expectProblem(res, 401, 'auth.token_missing')
    expect(challenge(res)).toBe('Bearer realm="govcloud-api"')
    expect(problem.title).toBe('Chưa xác thực')
    const en = await call(deps, 'POST', '/requests', { body: { kind: 'new' }, headers: { 'accept-language': 'en' } })
    expect(expectProblem(en, 401, 'auth.token_missing').detail).toMatch(/^No access token/)
    expect(await writeCounts(t.db)).toEqual(before)
    expect(await t.db.user.count({ where: { username: 'service-account-govcloud-automation' } })).toBe(0)
  })

  it('refuses a malformed token and another scheme', async () => {
    const garbage = await call(deps, 'GET', '/requests', { token: 'not-a-jwt' })
    expectProblem(garbage, 401, 'auth.token_malformed')
    expect(challenge(garbage)).toMatch(/^Bearer realm="govcloud-api", error="invalid_token", error_description="/)
    const basic = await call(deps, 'GET', '/requests', { headers: { authorization: 'Basic YWxhZGRpbjpvcGVuc2VzYW1l' } })
    expectProblem(basic, 401, 'auth.token_malformed')
    expect(challenge(basic)).toContain('error="invalid_request"')
  })

  it('refuses an expired token', async () => {
    const exp = decodeJwt(token).exp!
    const later: ApiDeps = {
      ...deps,
      verifyBearer: createBearerVerifier({
        issuer: issuer(),
        audience: requireStackSetting('OIDC_API_AUDIENCE'),
        now: () => new Date((exp + 120) * 1000),
      }),
    }
    const res = await call(later, 'GET', '/projects', { token, headers: { 'accept-language': 'en' } })
    const problem = expectProblem(res, 401, 'auth.token_expired')
    expect(problem.detail).toBe('The access token has expired: get a new one from Keycloak.')
    expect(challenge(res)).toContain('error="invalid_token"')
  })

  it("refuses a console user's token: not for the API's audience unless the deployment accepts it", async () => {
    const userToken = await consoleUserToken('lan.hoang')
    const res = await call(deps, 'GET', '/projects', { token: userToken })
    expectProblem(res, 401, 'auth.token_wrong_audience')
    // With API_EXTRA_AUDIENCES=govcloud-console the same token is accepted (see decision 0008).
    const widened = apiDeps(t.db, { API_EXTRA_AUDIENCES: requireStackSetting('OIDC_CLIENT_ID') })
    const ok = await call<Schemas['ProjectPage']>(widened, 'GET', '/projects', { token: userToken })
    expect(ok.status).toBe(200)
    expect(new Set(ok.json.items.map((p) => p.agencyCode))).toEqual(new Set(['so-tc']))
  })

  it('refuses a token from another issuer', async () => {
    const other: ApiDeps = {
      ...deps,
      verifyBearer: createBearerVerifier({
        issuer: `${issuer()}-other`,
        audience: requireStackSetting('OIDC_API_AUDIENCE'),
        jwksUrl: `${issuer()}/protocol/openid-connect/certs`,
      }),
    }
    expectProblem(await call(other, 'GET', '/projects', { token }), 401, 'auth.token_wrong_issuer')
  })

  it('refuses a tampered token and one signed by a stranger', async () => {
    const [header, payload, signature] = token.split('.')
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString()) as Record<string, unknown>
    const forged = Buffer.from(JSON.stringify({ ...claims, groups: ['/agencies/so-khcn'] })).toString('base64url')
    expectProblem(
      await call(deps, 'GET', '/projects', { token: `${header}.${forged}.${signature}` }),
      401,
      'auth.token_bad_signature',
    )

    const { privateKey } = await generateKeyPair('RS256')
    const kid = (JSON.parse(Buffer.from(header!, 'base64url').toString()) as { kid: string }).kid
    const stranger = await new SignJWT({ ...claims, realm_access: { roles: ['dc-operator'] } })
      .setProtectedHeader({ alg: 'RS256', kid })
      .sign(privateKey)
    expectProblem(await call(deps, 'GET', '/pools', { token: stranger }), 401, 'auth.token_bad_signature')
  })

  it('refuses a valid token whose holder has no console role with 403', async () => {
    const noRole = await consoleUserToken('minh.do')
    const widened = apiDeps(t.db, { API_EXTRA_AUDIENCES: requireStackSetting('OIDC_CLIENT_ID') })
    const res = await call(widened, 'GET', '/requests', { token: noRole })
    expectProblem(res, 403, 'auth.no_role')
    expect(challenge(res)).toContain('error="insufficient_scope"')
  })

  it('serves the contract without a token', async () => {
    const res = await call(deps, 'GET', '/openapi.yaml')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/yaml; charset=utf-8')
  })

  it('resolves the caller to a user row and its agencies on the first valid call', async () => {
    const res = await call(deps, 'GET', '/agencies', { token })
    expect(res.status).toBe(200)
    const user = await t.db.user.findUniqueOrThrow({
      where: { username: 'service-account-govcloud-automation' },
      select: { subject: true },
    })
    expect(user.subject).toBe(decodeJwt(token).sub)
  })
})
