import { execFile, spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs'
import { createServer } from 'node:net'
import { resolve } from 'node:path'
import { promisify } from 'node:util'
import { stackEnv } from './stack-env'

// The console as it runs in production: `bin/serve.mjs` (remix-serve in node:cluster workers) on the
// built app, on a free loopback port, against the database a test gives it. Browser tests start one
// per file, with one worker unless they ask for more.

const ROOT = resolve(import.meta.dirname, '../..')
const SERVER_BUILD = resolve(ROOT, 'build/server/index.js')
const SERVE = resolve(ROOT, 'bin/serve.mjs')
const run = promisify(execFile)

export interface ConsoleServer {
  /** `http://127.0.0.1:<port>` without a trailing slash. */
  readonly url: string
  /** The primary process (bin/serve.mjs); its workers are its children. */
  readonly pid: number
  /** Everything the server printed so far (for failure messages). */
  output(): string
  stop(): Promise<void>
}

export interface ConsoleServerOptions {
  readonly databaseUrl: string
  /**
   * Extra environment. The realm's settings (OIDC_*) come from the local stack's Keycloak, with a
   * fresh SESSION_SECRET and PUBLIC_URL = the server's own URL, unless overridden here.
   */
  readonly env?: Readonly<Record<string, string>>
  /**
   * Listen on this port instead of a free one. Tests that sign in through Keycloak's login page
   * need 3000 (LOGIN_PORT): the realm only allows redirect URIs on 127.0.0.1/localhost :3000 and
   * :5173. Fails at once, naming the port, when something else listens there.
   */
  readonly port?: number
  /** How long to wait for /readyz to answer. */
  readonly startTimeoutMs?: number
  /** How many worker processes (CONSOLE_WORKERS); 1 unless given, as test files run side by side. */
  readonly workers?: number
  /** Wait for /readyz to say 200 (default), or only for it to answer at all (a 503 test). */
  readonly waitForHealthy?: boolean
}

const BUILD_INPUTS = ['app', 'server', 'vite.config.ts', 'package.json', 'tsconfig.json']
const BUILD_LOCK = resolve(ROOT, '.cache/console-build.lock')

/** The newest modification time among the files a build reads (tests excluded). */
function newestInput(path: string): number {
  const stat = statSync(path, { throwIfNoEntry: false })
  if (!stat) return 0
  if (!stat.isDirectory()) return /\.test\.tsx?$/.test(path) ? 0 : stat.mtimeMs
  let newest = 0
  for (const entry of readdirSync(path)) {
    if (entry === 'node_modules') continue
    newest = Math.max(newest, newestInput(resolve(path, entry)))
  }
  return newest
}

function buildIsFresh(): boolean {
  const built = statSync(SERVER_BUILD, { throwIfNoEntry: false })
  if (!built) return false
  return BUILD_INPUTS.every((input) => newestInput(resolve(ROOT, input)) < built.mtimeMs)
}

/** A lock between test processes (the integration and e2e projects run side by side). */
async function withBuildLock<T>(work: () => Promise<T>): Promise<T> {
  mkdirSync(resolve(ROOT, '.cache'), { recursive: true })
  const deadline = Date.now() + 10 * 60_000
  for (;;) {
    try {
      mkdirSync(BUILD_LOCK)
      break
    } catch {
      const held = statSync(BUILD_LOCK, { throwIfNoEntry: false })
      // A lock older than five minutes belongs to a build that died.
      if (held && Date.now() - held.mtimeMs > 5 * 60_000) rmSync(BUILD_LOCK, { recursive: true, force: true })
      if (Date.now() > deadline) throw new Error(`waited too long for ${BUILD_LOCK}`)
      await new Promise((wait) => setTimeout(wait, 250))
    }
  }
  try {
    return await work()
  } finally {
    rmSync(BUILD_LOCK, { recursive: true, force: true })
  }
}

/**
 * `npm run build` (vite builds of the client and the server): call before starting servers. Test
 * files of both projects call it; one builds, the others wait and reuse a build newer than every
 * source, so no build replaces files under a console another test is serving.
 * GOVCLOUD_E2E_SKIP_BUILD=1 reuses ./build as it is.
 */
export async function buildConsole(): Promise<void> {
  if (process.env.GOVCLOUD_E2E_SKIP_BUILD === '1') return
  await withBuildLock(async () => {
    if (buildIsFresh()) return
    await run('npm', ['run', 'build'], { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 })
    if (!existsSync(SERVER_BUILD)) throw new Error(`npm run build wrote no ${SERVER_BUILD}`)
  })
}

/** A port nobody listens on right now (the OS picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer()
    probe.unref()
    probe.on('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address()
      probe.close(() =>
        typeof address === 'object' && address ? resolvePort(address.port) : reject(new Error('no port')),
      )
    })
  })
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((done) => {
    if (child.exitCode !== null || child.signalCode !== null) done()
    else child.once('exit', () => done())
  })
}

/** The port the realm accepts redirect URIs on for tests (`http://127.0.0.1:3000/auth/callback`). */
export const LOGIN_PORT = 3000

/** Throws a clear error when something already listens on the port (another console, a dev server). */
export function requirePortFree(port: number): Promise<void> {
  return new Promise((done, reject) => {
    const probe = createServer()
    probe.unref()
    probe.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        new Error(
          `port ${port} on 127.0.0.1 is taken (${error.code ?? error.message}); the browser login tests need it because ` +
            `the Keycloak realm only accepts redirect URIs on :3000 and :5173. Stop whatever listens there and run again.`,
        ),
      ),
    )
    probe.listen(port, '127.0.0.1', () => probe.close(() => done()))
  })
}

/** The realm's settings for the console (OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET), when Keycloak is up. */
function identityEnv(): Record<string, string> {
  let stack: Record<string, string> = {}
  try {
    stack = stackEnv()
  } catch {
    // no local stack: the caller passes the settings, or the server refuses to start naming them
  }
  const env: Record<string, string> = {}
  for (const key of ['OIDC_ISSUER', 'OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET'] as const) {
    const value = process.env[key] ?? stack[key]
    if (value) env[key] = value
  }
  return env
}

export async function startConsoleServer(options: ConsoleServerOptions): Promise<ConsoleServer> {
  if (!existsSync(SERVER_BUILD)) throw new Error(`no server build at ${SERVER_BUILD}: call buildConsole() first`)
  let port: number
  if (options.port === undefined) port = await freePort()
  else {
    await requirePortFree(options.port)
    port = options.port
  }
  const url = `http://127.0.0.1:${port}`
  let output = ''
  const child = spawn(process.execPath, [SERVE, SERVER_BUILD], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: process.env.HOME ?? '/tmp',
      TZ: process.env.TZ ?? 'UTC',
      NODE_ENV: 'production',
      PORT: String(port),
      HOST: '127.0.0.1',
      CONSOLE_WORKERS: String(options.workers ?? 1),
      DATABASE_URL: options.databaseUrl,
      ...identityEnv(),
      SESSION_SECRET: randomBytes(32).toString('base64url'),
      PUBLIC_URL: url,
      // The tests play the reverse proxy in front of the console (X-Forwarded-Host, -For): from
      // loopback, as a deployment's TRUSTED_PROXIES names its ingress (decision 0031).
      TRUSTED_PROXIES: '127.0.0.1,::1',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()))

  const server: ConsoleServer = {
    url,
    pid: child.pid!,
    output: () => output,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM')
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000)
      await exited(child)
      clearTimeout(timer)
    },
  }

  const deadline = Date.now() + (options.startTimeoutMs ?? 30_000)
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`the console server exited with code ${child.exitCode}:\n${output}`)
    }
    try {
      const response = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(3_000) })
      if (response.status === 200 || options.waitForHealthy === false) return server
    } catch {
      // not listening yet
    }
    await new Promise((wait) => setTimeout(wait, 200))
  }
  await server.stop()
  throw new Error(`the console server did not become ready at ${url}/readyz:\n${output}`)
}
