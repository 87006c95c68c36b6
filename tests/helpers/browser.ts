import { existsSync } from 'node:fs'
import { chromium, type Browser, type Page } from 'playwright-core'

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

/**
 * Signs in on Keycloak's own login form, where the console has just sent `page`, and waits to be
 * back on the console. (Needs the console on a redirect URI the realm allows: LOGIN_PORT.)
 */
export async function signInWithKeycloak(
  page: Page,
  input: { keycloakOrigin: string; consoleUrl: string; username: string; password: string },
): Promise<void> {
  await page.waitForURL((url) => url.origin === input.keycloakOrigin, { timeout: 15_000 })
  if (!/\/realms\/[^/]+\/protocol\/openid-connect\/auth$/.test(new URL(page.url()).pathname)) {
    throw new Error(`expected Keycloak's login page, got ${page.url()}`)
  }
  await page.locator('#username').fill(input.username)
  await page.locator('#password').fill(input.password)
  await Promise.all([
    page.waitForURL((url) => url.origin === input.consoleUrl, { timeout: 15_000 }),
    page.locator('#kc-login').click(),
  ])
}
