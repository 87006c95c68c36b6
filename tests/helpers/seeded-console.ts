import { buildConsole, startConsoleServer, type ConsoleServer, type ConsoleServerOptions } from './console-server'
import { createSeededDatabase, type TestDatabase } from './database'
import { CookieJar, signInToConsole } from './sign-in'

// The built console over a fresh database with the demo seed, and its demo people signed in
// through Keycloak over HTTP.
//
// Integration tests run the console on a free port while it believes it is published at
// PUBLIC_URL (http://localhost:3000, a redirect URI the realm allows), as it would behind a reverse
// proxy: Keycloak's redirect to the public address is carried to the real one, and POSTs send the
// public Origin. So they need no fixed port and run beside the browser tests (which take :3000).

export const PUBLIC_URL = 'http://localhost:3000'

/** A POST from a console page, as the reverse proxy forwards it (Remix compares Origin to the host). */
export const FROM_THE_CONSOLE = { origin: PUBLIC_URL, 'x-forwarded-host': new URL(PUBLIC_URL).host }

export type SeededConsole = { database: TestDatabase; server: ConsoleServer; stop(): Promise<void> }

/** The console (built unless GOVCLOUD_E2E_SKIP_BUILD=1) over a new seeded database. */
export async function startSeededConsole(
  options: Omit<ConsoleServerOptions, 'databaseUrl'> = {},
): Promise<SeededConsole> {
  const database = await createSeededDatabase()
  try {
    await buildConsole()
    const server = await startConsoleServer({ ...options, databaseUrl: database.url })
    return {
      database,
      server,
      async stop() {
        await server.stop()
        await database.drop()
      },
    }
  } catch (error) {
    await database.drop()
    throw error
  }
}

/** Someone using the console over HTTP with their session cookie (none for an anonymous visitor). */
export interface Visitor {
  readonly jar: CookieJar
  get(path: string, headers?: Record<string, string>): Promise<Response>
  /** A form posted from a console page (same origin); `headers` adds to or overrides the browser's. */
  post(path: string, form: Record<string, string>, headers?: Record<string, string>): Promise<Response>
}

export function visitor(server: ConsoleServer, jar = new CookieJar()): Visitor {
  const cookie = (): Record<string, string> => (jar.header() ? { cookie: jar.header() } : {})
  return {
    jar,
    get: (path, headers = {}) =>
      fetch(`${server.url}${path}`, { redirect: 'manual', headers: { ...cookie(), ...headers } }),
    post: (path, form, headers = {}) =>
      fetch(`${server.url}${path}`, {
        method: 'POST',
        redirect: 'manual',
        headers: {
          ...cookie(),
          'content-type': 'application/x-www-form-urlencoded',
          ...FROM_THE_CONSOLE,
          ...headers,
        },
        body: new URLSearchParams(form).toString(),
      }),
  }
}

/** `username` signed in through the console's /auth/login and Keycloak's form (console published at PUBLIC_URL). */
export async function signedInVisitor(server: ConsoleServer, username: string): Promise<Visitor> {
  return visitor(server, await signInToConsole(server.url, username, { publicUrl: PUBLIC_URL }))
}
