import type { Browser } from 'playwright-core'
import { launchBrowser } from './browser'
import { LOGIN_PORT, buildConsole, seedDatabase, startConsoleServer, type ConsoleServer } from './console-server'
import { createTestDatabase, type TestDatabase } from './database'
import { requireStackSetting } from './stack-env'

/** A seeded database, the built console on the port the realm accepts, and Chromium. */
export type SignInConsole = {
  database: TestDatabase
  server: ConsoleServer
  browser: Browser
  keycloak: string
  stop(): Promise<void>
}

/**
 * What the browser tests that sign in through Keycloak share: the console on 127.0.0.1:3000 (a
 * redirect URI the local realm allows) over a fresh seeded database. GOVCLOUD_E2E_SKIP_BUILD=1
 * reuses ./build. `env` adds settings to the console's environment (the object storage's, say).
 */
export async function startSignInConsole(
  options: { env?: Readonly<Record<string, string>> } = {},
): Promise<SignInConsole> {
  const keycloak = new URL(requireStackSetting('OIDC_ISSUER')).origin
  const database = await createTestDatabase()
  let server: ConsoleServer | undefined
  let browser: Browser | undefined
  const stop = async () => {
    await browser?.close()
    await server?.stop()
    await database.drop()
  }
  try {
    await seedDatabase(database.url)
    if (process.env.GOVCLOUD_E2E_SKIP_BUILD !== '1') await buildConsole()
    server = await startConsoleServer({
      databaseUrl: database.url,
      port: LOGIN_PORT,
      ...(options.env ? { env: options.env } : {}),
    })
    browser = await launchBrowser()
    return { database, server, browser, keycloak, stop }
  } catch (error) {
    await stop()
    throw error
  }
}
