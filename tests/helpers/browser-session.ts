import type { Browser, BrowserContext, BrowserContextOptions } from 'playwright-core'
import type { ConsoleServer } from './console-server'
import { PUBLIC_URL } from './seeded-console'
import { signInToConsole } from './sign-in'

// Browser tests that only read pages need no Keycloak form in the browser: the demo person signs in
// over HTTP (the console believing it is published at PUBLIC_URL, seeded-console.ts) and Chromium
// gets the console's cookies. So such a file runs on a free port, beside the tests that sign in in
// the browser and need :3000.

/** One demo person per role the realm knows, and the one with none (infra/keycloak/README.md). */
export const DEMO_ROLES = {
  'agency staff': 'an.nguyen',
  operator: 'duc.dang',
  'security officer': 'huong.pham',
  'platform administrator': 'quang.ly',
  'no role': 'minh.do',
} as const
export type DemoRole = keyof typeof DEMO_ROLES

/** A fresh browser profile holding `username`'s session on `server` (started with `env: { PUBLIC_URL }`). */
export async function signedInContext(
  browser: Browser,
  server: ConsoleServer,
  username: string,
  options: BrowserContextOptions = {},
): Promise<BrowserContext> {
  const jar = await signInToConsole(server.url, username, { publicUrl: PUBLIC_URL })
  const context = await browser.newContext({ locale: 'vi-VN', ...options })
  const host = new URL(server.url).hostname
  await context.addCookies(
    jar.entries().map(([name, value]) => ({
      name,
      value,
      // Cookies know no port. The console's `__Host-` cookies are Secure, which Chromium only takes
      // for an https URL, and then sends to http://127.0.0.1 too (a trustworthy origin).
      url: `https://${host}`,
      secure: true,
      httpOnly: true,
      sameSite: 'Lax' as const,
    })),
  )
  return context
}
