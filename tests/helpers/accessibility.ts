import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import type { ConsoleServer } from './console-server'
import { PUBLIC_URL } from './seeded-console'
import { signInToConsole } from './sign-in'

// What the accessibility browser tests share (decision 0068): axe-core run inside the page as
// the console serves it, and a browser profile signed in as a demo person without Keycloak's
// redirect to :3000, so these tests run beside the other browser tests on a free port.

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')

/** The rules of WCAG 2.0 and 2.1, levels A and AA: what the issue asks the console to meet. */
export const WCAG_21_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] as const

export type AxeViolation = { rule: string; impact: string | null; help: string; targets: string[] }

/**
 * Runs axe-core on the page as it is now. The script goes in through the DevTools protocol, not
 * a <script> tag, so the console's Content-Security-Policy stays as it is and is not loosened.
 */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(AXE_SOURCE)
  return page.evaluate(
    async (tags) => {
      type Result = {
        violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] }[]
      }
      const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<Result> } }).axe
      const result = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] })
      return result.violations.map((v) => ({
        rule: v.id,
        impact: v.impact,
        help: v.help,
        targets: v.nodes.map((n) => n.target.map(String).join(' ')),
      }))
    },
    WCAG_21_AA as unknown as string[],
  )
}

/** Where the first Tab on the page goes: the `href` of the first focusable element (the skip link's `#main`). */
export function firstTabStop(page: Page): Promise<string | null> {
  return page.evaluate(
    () =>
      document
        .querySelector(
          'a[href], button, input:not([type="hidden"]), select, textarea, summary, [tabindex]:not([tabindex="-1"])',
        )
        ?.getAttribute('href') ?? null,
  )
}

/** One line per violation: rule, where, which elements (what a failing test prints). */
export function describeViolations(path: string, violations: readonly AxeViolation[]): string[] {
  return violations.map((v) => `${path}: ${v.rule} (${v.impact ?? '?'}) ${v.help} → ${v.targets.join(', ')}`)
}

/** A commune's staff member's phone (issue 17): 320 CSS pixels wide, touch, a mobile viewport. */
export const PHONE = { viewport: { width: 320, height: 640 }, isMobile: true, hasTouch: true } as const

/** Where the browser believes the console is: the address it is published at (PUBLIC_URL). */
export const CONSOLE = PUBLIC_URL

/**
 * A browser profile signed in as `username`: the console's /auth/login and Keycloak's form over
 * HTTP (as the integration tests do), the session cookie handed to Chromium. The browser asks for
 * CONSOLE (http://localhost:3000, the address the console believes it is published at); each of its
 * requests is carried to the console's real port with the headers a reverse proxy adds, so its
 * origin is the console's own, POSTs pass the same-origin check, and nothing listens on :3000.
 */
export async function signedInContext(
  browser: Browser,
  server: ConsoleServer,
  username: string,
  options: { locale?: 'vi' | 'en'; javaScript?: boolean; phone?: boolean } = {},
): Promise<BrowserContext> {
  const jar = await signInToConsole(server.url, username, { publicUrl: PUBLIC_URL })
  const context = await browser.newContext({
    locale: 'vi-VN',
    javaScriptEnabled: options.javaScript ?? true,
    ...(options.phone ? PHONE : { viewport: { width: 1360, height: 900 } }),
  })
  // A loopback address counts as secure: Chromium keeps and sends the Secure (__Host-) cookie.
  const cookies = [{ name: '__Host-govcloud', value: jar.get('__Host-govcloud') ?? '', secure: true }]
  if (options.locale === 'en') cookies.push({ name: 'lang', value: 'en', secure: false })
  const published = new URL(PUBLIC_URL)
  await context.addCookies(
    cookies.map((c) => ({ ...c, domain: published.hostname, path: '/', sameSite: 'Lax' as const })),
  )
  await context.route(`${PUBLIC_URL}/**`, async (route) => {
    const request = route.request()
    const { pathname, search } = new URL(request.url())
    try {
      const response = await route.fetch({
        url: `${server.url}${pathname}${search}`,
        headers: { ...request.headers(), 'x-forwarded-host': published.host },
        maxRedirects: 0,
      })
      await route.fulfill({ response })
    } catch {
      // A prefetch still on its way when the test closes the profile: nothing waits for it.
      await route.abort().catch(() => undefined)
    }
  })
  return context
}
