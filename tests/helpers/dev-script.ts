import { spawn, type ChildProcess } from 'node:child_process'
import { join, resolve } from 'node:path'
import { freePort } from './console-server'
import type { TestDatabase } from './database'
import { eventually } from './poll'
import { requireStackSetting } from './stack-env'

// `npm run dev` (infra/local/dev) as a developer starts it, in a stack state folder of a test's own:
// PostgreSQL is "up" already (a fresh test database: the stack skips it when DATABASE_URL is set),
// the shared Keycloak signs people in, and the platform is whatever components the test names.

const ROOT = resolve(import.meta.dirname, '../..')
/** A redirect URI the realm allows; the tests reach the development server on its own port. */
export const DEV_PUBLIC_URL = 'http://localhost:3000'

export interface DevScriptOptions {
  /** The stack's state folder (GOVCLOUD_STATE): a private one, never the shared stack's. */
  readonly stateDir: string
  /** GOVCLOUD_CACHE; the shared build cache when not given (and the environment names one). */
  readonly cacheDir?: string
  /** GOVCLOUD_PLATFORM_COMPONENTS: what the script brings up beside the console. */
  readonly platformComponents: string
  readonly database: TestDatabase
}

export interface DevScript {
  /** `http://127.0.0.1:<port>`: the development server. */
  readonly url: string
  /** Everything the script printed so far (stdout and stderr). */
  output(): string
  /** Polls `probe` as `eventually` does, and fails at once, with the output, if the script ends first. */
  waitFor<T>(what: string, timeoutMs: number, probe: () => T | undefined | Promise<T | undefined>): Promise<T>
  /** SIGTERM, then waits for it to be gone: the script's exit stops its own jobs. */
  stop(): Promise<void>
}

/** Stops a process and waits for it to be gone. */
export function stopProcess(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve()
  return new Promise((done) => {
    child.once('exit', () => done())
    child.kill('SIGTERM')
  })
}

export async function startDevScript(options: DevScriptOptions): Promise<DevScript> {
  const port = await freePort()
  const url = `http://127.0.0.1:${port}`
  const cacheDir = options.cacheDir ?? process.env.GOVCLOUD_CACHE
  let output = ''
  const child = spawn('bash', [join(ROOT, 'infra/local/dev')], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      NODE_ENV: 'development',
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: process.env.HOME ?? options.stateDir,
      GOVCLOUD_STATE: options.stateDir,
      ...(cacheDir ? { GOVCLOUD_CACHE: cacheDir } : {}),
      GOVCLOUD_SERVE_COMPONENTS: 'postgres',
      GOVCLOUD_PLATFORM_COMPONENTS: options.platformComponents,
      DATABASE_URL: options.database.url,
      DATABASE_OWNER_URL: options.database.ownerUrl,
      OIDC_ISSUER: requireStackSetting('OIDC_ISSUER'),
      OIDC_CLIENT_ID: requireStackSetting('OIDC_CLIENT_ID'),
      OIDC_CLIENT_SECRET: requireStackSetting('OIDC_CLIENT_SECRET'),
      PORT: String(port),
      PUBLIC_URL: DEV_PUBLIC_URL,
    },
  })
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()))
  const ENDED = Symbol('ended')
  return {
    url,
    output: () => output,
    async waitFor<T>(what: string, timeoutMs: number, probe: () => T | undefined | Promise<T | undefined>) {
      const value = await eventually<T | typeof ENDED>(
        what,
        timeoutMs,
        async () => (child.exitCode !== null ? ENDED : await probe()),
        { everyMs: 1_000, explain: () => output },
      )
      if (value === ENDED) throw new Error(`npm run dev ended (${child.exitCode}):\n${output}`)
      return value as T
    },
    stop: () => stopProcess(child),
  }
}
