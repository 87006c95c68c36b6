import { existsSync } from 'node:fs'
import { chromium, type Browser, type Page } from 'playwright-core'
import { LOGIN_PORT } from './console-server'
import { startSeededConsole, type SeededConsole } from './seeded-console'
import { signInInBrowser } from './sign-in'
import { requireStackSetting } from './stack-env'

// Debian's Chromium driven by playwright-core (no browser download). infra/local/stack up
// chromium installs it; CHROMIUM_PATH points elsewhere when needed.

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
]

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `no Chromium at ${CHROMIUM_PATH}: run \`infra/local/stack up chromium\` (or apt-get install chromium), or set CHROMIUM_PATH`,
    )
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: ARGS, headless: true })
}

/** A seeded console on the port the realm accepts, Chromium, and Keycloak's origin. */
export type BrowserConsole = SeededConsole & {
  browser: Browser
  keycloak: string
  /** Signs in on Keycloak's form, where the console has just sent `page`, and waits to be back. */
  signIn(page: Page, username: string): Promise<void>
  /**
   * A page of its own (a fresh Vietnamese context) opened at `path` and signed in there as
   * `username`, its script errors collected from the start (`expectedStatus`: see collectScriptErrors).
   */
  openAs(username: string, path: string, expectedStatus?: number): Promise<{ page: Page; errors: string[] }>
}

/**
 * What the browser tests that sign in through Keycloak share: the console on 127.0.0.1:3000 (a
 * redirect URI the local realm allows) over a fresh seeded database, and Chromium. `env` adds
 * settings to the console's environment (the object storage's, say).
 */
export async function startBrowserConsole(
  options: { env?: Readonly<Record<string, string>> } = {},
): Promise<BrowserConsole> {
  const keycloak = new URL(requireStackSetting('OIDC_ISSUER')).origin
  const started = await startSeededConsole({ port: LOGIN_PORT, ...(options.env ? { env: options.env } : {}) })
  let browser: Browser | undefined
  const stop = async () => {
    await browser?.close()
    await started.stop()
  }
  const signIn = (page: Page, username: string) =>
    signInInBrowser(page, { keycloakOrigin: keycloak, consoleUrl: started.server.url, username })
  try {
    browser = await launchBrowser()
    return {
      ...started,
      browser,
      keycloak,
      stop,
      signIn,
      async openAs(username, path, expectedStatus) {
        const page = await (await browser!.newContext({ locale: 'vi-VN' })).newPage()
        const errors = collectScriptErrors(page, expectedStatus)
        await page.goto(`${started.server.url}${path}`)
        await signIn(page, username)
        return { page, errors }
      },
    }
  } catch (error) {
    await stop()
    throw error
  }
}

/**
 * The page's script errors and console errors, collected as they happen; a 4xx the test causes on
 * purpose (`expectedStatus`, a refused form) is not one, though Chromium logs every 4xx of a fetch.
 */
export function collectScriptErrors(page: Page, expectedStatus?: number): string[] {
  const errors: string[] = []
  page.on('pageerror', (error) => errors.push(error.message))
  page.on('console', (message) => {
    const expected = expectedStatus !== undefined && message.text().includes(`status of ${expectedStatus}`)
    if (message.type() === 'error' && !expected) errors.push(message.text())
  })
  return errors
}
