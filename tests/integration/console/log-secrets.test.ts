import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { automationToken, DEMO_PASSWORD } from '../../helpers/sign-in'
import {
  PUBLIC_URL,
  signedInVisitor,
  startSeededConsole,
  visitor,
  type SeededConsole,
} from '../../helpers/seeded-console'
import { requireStackSetting } from '../../helpers/stack-env'

// No secret or token in the console's logs (issue 16): the built console's whole output, after
// a sign-in with a password, pages with the session cookie, a forged sign-in, API calls with a
// real and a forged bearer token, is searched for each secret it handled. A leak is reported by
// where it was found, never by printing the secret.

const SESSION_SECRET = randomBytes(32).toString('base64url')
/** Any JSON Web Token: a header and a payload, base64url, each opening with {" (eyJ). */
const JWT = /eyJ[\w-]{10,}\.eyJ[\w-]{10,}\.[\w-]*/

let seeded: SeededConsole
const secrets = new Map<string, string>()

beforeAll(async () => {
  seeded = await startSeededConsole({ env: { SESSION_SECRET, PUBLIC_URL }, workers: 1 })
}, 300_000)

afterAll(async () => {
  await seeded?.stop()
})

/** Where in the output each secret appears, by its name only. */
function leaks(output: string): string[] {
  const found = [...secrets].filter(([, value]) => value.length >= 8 && output.includes(value)).map(([name]) => name)
  if (JWT.test(output)) found.push('a JSON Web Token')
  return found
}

describe("the console's log", () => {
  it('holds no password, client secret, session secret, cookie or token after a working day', async () => {
    secrets.set('the demo password', DEMO_PASSWORD)
    secrets.set("the console's OIDC client secret", requireStackSetting('OIDC_CLIENT_SECRET'))
    secrets.set('the session secret', SESSION_SECRET)
    secrets.set("the automation client's secret", requireStackSetting('KEYCLOAK_AUTOMATION_CLIENT_SECRET'))

    const staff = await signedInVisitor(seeded.server, 'an.nguyen')
    secrets.set('the session cookie', staff.jar.get('__Host-govcloud')!)
    for (const path of ['/', '/projects', '/requests', '/notifications', '/khong-co-trang-nay']) {
      const page = await staff.get(path)
      expect(page.status, path).toBeLessThan(500)
      await page.arrayBuffer()
    }
    // A sign-in that fails, with a made-up code and state.
    const forged = await visitor(seeded.server).get('/auth/callback?code=stolen-code-0123456789&state=forged-state')
    expect(forged.status).toBe(400)
    secrets.set('a forged authorization code', 'stolen-code-0123456789')

    const token = await automationToken()
    secrets.set("the automation's access token", token)
    const api = await fetch(`${seeded.server.url}/api/v1/projects?limit=5`, {
      headers: { authorization: `Bearer ${token}` },
    })
    expect(api.status).toBe(200)
    // A token that looks real but is not: refused, and not written down either.
    const fake = `eyJhbGciOiJSUzI1NiJ9.${Buffer.from(JSON.stringify({ sub: 'x', exp: 9e9 })).toString('base64url')}.c2lnbmF0dXJl`
    const refused = await fetch(`${seeded.server.url}/api/v1/projects`, {
      headers: { authorization: `Bearer ${fake}` },
    })
    expect(refused.status).toBe(401)

    const output = seeded.server.output()
    // Each request is still in the log, its query's names without their values.
    expect(output).toContain('GET /auth/callback?code=…&state=… 400')
    expect(leaks(output)).toEqual([])
  })

  it('would see a secret written to it (the search is not blind)', () => {
    const output = `${seeded.server.output()}\nDEBUG cookie=${secrets.get('the session cookie')}`
    expect(leaks(output)).toEqual(['the session cookie'])
  })
})
