import { spawn, type ChildProcessByStdio } from 'node:child_process'
import { resolve } from 'node:path'
import type { Readable } from 'node:stream'

// A worker as it runs beside the console: `server/<worker>/worker-cli.ts` in a process of its own
// (npm run worker:provisioning, worker:workflow), with only the environment a test gives it, its
// whole output kept (stdout and stderr).

const ROOT = resolve(import.meta.dirname, '../..')

/**
 * `node <args>` in the repository, with PATH, HOME, TZ=UTC, NODE_ENV=production and `env` alone
 * (none of the test's own settings), everything it prints kept.
 */
export function spawnWithOutput(
  args: readonly string[],
  env: Readonly<Record<string, string>>,
): { child: ChildProcessByStdio<null, Readable, Readable>; output: () => string } {
  let output = ''
  const child = spawn(process.execPath, [...args], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: process.env.HOME ?? '/tmp',
      TZ: 'UTC',
      NODE_ENV: 'production',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
  return { child, output: () => output }
}

export interface WorkerProcess {
  /** Everything the worker printed so far. */
  output(): string
  /** SIGTERM, then SIGKILL after 10 s; resolves once it has exited. */
  stop(): Promise<void>
}

export function startWorkerProcess(
  worker: 'provisioning' | 'workflow',
  env: Readonly<Record<string, string>>,
): WorkerProcess {
  const { child, output } = spawnWithOutput(['--import', 'tsx', `server/${worker}/worker-cli.ts`], env)
  const exited = new Promise<void>((done) => child.once('exit', () => done()))
  return {
    output,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM')
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000)
      await exited
      clearTimeout(timer)
    },
  }
}
