import { execFile } from 'node:child_process'
import { mkdtempSync, realpathSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve, sep } from 'node:path'
import { promisify } from 'node:util'
import { readStackEnv, stackStateDir } from './stack-env'

// A stack of a test's own: the same infra/local/stack and the same built binaries (the shared
// cache), in a state folder under the system's temporary folder, so its components listen on
// ports of their own and keep their data apart. Fault tests stop and restart these, never the
// shared stack's (other test files run on it). Every command names the private folder itself, and
// refuses any other: a `reset` that reached the shared state folder would take everyone's stack.

const ROOT = resolve(import.meta.dirname, '../..')
const STACK = resolve(ROOT, 'infra/local/stack')
const PREFIX = 'govcloud-private-'
const run = promisify(execFile)

export interface PrivateStack {
  readonly stateDir: string
  /** `stack up <components>`: builds nothing new (the cache has the binaries), starts, waits for health. */
  up(...components: string[]): Promise<void>
  /** `stack down <components>`: stops them, their data kept, so `up` brings them back as they were. */
  down(...components: string[]): Promise<void>
  /** `stack stop <daemon>`: one process of a component (kubernetes-apiserver without its etcd). */
  stop(...daemons: string[]): Promise<void>
  /** The settings its components wrote (env.d), as stackEnv() reads the shared stack's. */
  env(): Record<string, string>
  /** One setting, or an error naming it. */
  setting(key: string): string
  /** `stack reset` of this folder: every process stopped, every byte of its data deleted. */
  destroy(): Promise<void>
}

function assertPrivate(stateDir: string): void {
  const real = realpathSync(stateDir)
  const shared = resolve(stackStateDir())
  if (real === shared || !real.startsWith(realpathSync(tmpdir()) + sep) || !real.includes(PREFIX)) {
    throw new Error(`refusing to run the stack on ${real}: not a private state folder (the shared one is ${shared})`)
  }
}

/** A new, empty private stack; start its components with `up`, and `destroy()` it in afterAll. */
export function privateStack(name: string): PrivateStack {
  const stateDir = mkdtempSync(join(tmpdir(), `${PREFIX}${name}-`))
  const stack = async (...args: string[]): Promise<void> => {
    assertPrivate(stateDir)
    try {
      await run('bash', [STACK, ...args], {
        cwd: ROOT,
        // Only what the scripts need: no DATABASE_URL (postgres_up would start nothing) nor any
        // other stack's settings.
        env: {
          PATH: process.env.PATH ?? '/usr/bin:/bin',
          HOME: process.env.HOME ?? '/root',
          NODE_ENV: 'test',
          GOVCLOUD_STATE: stateDir,
          ...(process.env.GOVCLOUD_CACHE ? { GOVCLOUD_CACHE: process.env.GOVCLOUD_CACHE } : {}),
        },
        maxBuffer: 16 * 1024 * 1024,
      })
    } catch (error) {
      const failed = error as { stderr?: string; message: string }
      throw new Error(
        `infra/local/stack ${args.join(' ')} (state ${stateDir}) failed: ${failed.stderr ?? failed.message}`,
      )
    }
  }
  const env = (): Record<string, string> => readStackEnv(stateDir)
  return {
    stateDir,
    up: (...components) => stack('up', ...components),
    down: (...components) => stack('down', ...components),
    stop: (...daemons) => stack('stop', ...daemons),
    env,
    setting(key) {
      const value = env()[key]
      if (!value) throw new Error(`the private stack in ${stateDir} provides no ${key}`)
      return value
    },
    destroy: () => stack('reset'),
  }
}
