import { readdirSync, readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildConsole, freePort, startConsoleServer, type ConsoleServer } from '../../helpers/console-server'
import { createTestDatabase, type TestDatabase } from '../../helpers/database'
import { until } from '../../helpers/poll'
import { spawnWithOutput } from '../../helpers/worker-process'

// bin/serve.mjs, the console's production server (decision 0017): remix-serve in node:cluster
// workers sharing one port. A worker that dies is replaced while the others keep answering, also
// one killed while it starts; a stop ends every worker promptly; when no worker can start at all
// the server stops instead of restarting them forever; a bad CONSOLE_WORKERS is refused.

/** The processes whose parent is `pid` (from /proc, so nothing beyond Linux itself is needed). */
function childrenOf(pid: number): number[] {
  const children: number[] = []
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      // /proc/<pid>/stat: "pid (comm) state ppid …"; comm may hold spaces, so split after ')'.
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8')
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])
      if (ppid === pid) children.push(Number(entry))
    } catch {
      // the process ended while we looked
    }
  }
  return children
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

/** Waits for the processes to get there: up to 15 s unless told, looking every 50 ms. */
const waitUntil = (what: string, check: () => boolean, timeoutMs = 15_000) =>
  until(what, timeoutMs, check, { everyMs: 50 })

/** How many workers have started listening so far (remix-serve announces each). */
const listenings = (server: ConsoleServer) => server.output().split('[remix-serve] http://').length - 1

/** /healthz on a new connection each time, so the primary hands each one to a worker afresh. */
async function healthz(server: ConsoleServer): Promise<number> {
  const response = await fetch(`${server.url}/healthz`, {
    headers: { connection: 'close' },
    signal: AbortSignal.timeout(5_000),
  })
  await response.arrayBuffer()
  return response.status
}

/** Runs bin/serve.mjs directly, returning its exit code and output. */
function runServe(env: Record<string, string>): Promise<{ code: number | null; output: string; ms: number }> {
  const started = Date.now()
  return new Promise((done) => {
    const { child, output } = spawnWithOutput(['bin/serve.mjs', 'build/server/index.js'], { HOST: '127.0.0.1', ...env })
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000)
    child.once('exit', (code) => {
      clearTimeout(timer)
      done({ code, output: output(), ms: Date.now() - started })
    })
  })
}

let database: TestDatabase
let server: ConsoleServer

beforeAll(async () => {
  database = await createTestDatabase()
  await buildConsole()
  server = await startConsoleServer({ databaseUrl: database.url, workers: 2 })
}, 300_000)
afterAll(async () => {
  await server?.stop()
  await database?.drop()
})

describe('bin/serve.mjs', () => {
  it('runs the workers asked for, replaces one that dies, and keeps answering meanwhile', async () => {
    await waitUntil('two workers listen', () => childrenOf(server.pid).length === 2 && listenings(server) === 2)
    const [victim, survivor] = childrenOf(server.pid)
    // New connections arriving as the worker dies: the one it held, or was being handed by the
    // primary at that instant, is lost (reset, or held open by node:cluster's round robin until
    // the client gives up: 1 of 40 here); every other is answered by the survivor.
    const inFlight = Array.from({ length: 40 }, () => healthz(server).catch(() => 'reset'))
    process.kill(victim!, 'SIGKILL')
    await Promise.all(inFlight)
    await waitUntil('the primary has seen the worker exit', () =>
      server.output().includes(`worker ${victim} exited (SIGKILL); starting another`),
    )
    expect(alive(server.pid)).toBe(true)
    // The survivor answers every new connection while the replacement starts.
    for (let i = 0; i < 10; i++) expect(await healthz(server)).toBe(200)
    await waitUntil('a replacement listens', () => childrenOf(server.pid).length === 2 && listenings(server) === 3)
    const now = childrenOf(server.pid)
    expect(now).toContain(survivor)
    expect(now).not.toContain(victim)
    for (let i = 0; i < 10; i++) expect(await healthz(server)).toBe(200)
  })

  it('replaces a worker killed while it starts, once another has started (not a configuration error)', async () => {
    const [victim] = childrenOf(server.pid)
    const before = new Set(childrenOf(server.pid))
    process.kill(victim!, 'SIGKILL')
    // The replacement appears at once and takes a second or more to load the build: kill it first.
    let starting: number | undefined
    await waitUntil(
      'a replacement appears',
      () => (starting = childrenOf(server.pid).find((pid) => !before.has(pid))) !== undefined,
    )
    expect(listenings(server)).toBe(3)
    process.kill(starting!, 'SIGKILL')
    await waitUntil('the primary has seen it exit', () =>
      server.output().includes(`worker ${starting} exited (SIGKILL); starting another`),
    )
    await waitUntil(
      'another replacement listens',
      () => childrenOf(server.pid).length === 2 && listenings(server) === 4,
    )
    expect(alive(server.pid)).toBe(true)
    expect(server.output()).not.toContain('failed to start')
    for (let i = 0; i < 10; i++) expect(await healthz(server)).toBe(200)
  })

  it('stops every worker and itself within seconds of SIGTERM', async () => {
    const workers = childrenOf(server.pid)
    expect(workers).toHaveLength(2)
    const started = Date.now()
    process.kill(server.pid, 'SIGTERM')
    await waitUntil('the primary has exited', () => !alive(server.pid), 8_000)
    expect(Date.now() - started).toBeLessThan(8_000)
    for (const worker of workers) expect(alive(worker)).toBe(false)
  })

  it('stops with code 1 when a worker cannot start, instead of restarting it forever', async () => {
    // No DATABASE_URL or OIDC settings: every worker would fail the same way at start.
    const result = await runServe({ PORT: String(await freePort()), CONSOLE_WORKERS: '2' })
    expect(result.code).toBe(1)
    expect(result.output).toContain('DATABASE_URL is required')
    expect(result.output).toMatch(/worker \d+ failed to start \(code 1\); stopping/)
    expect(result.output).not.toContain('starting another')
  })

  it('refuses a CONSOLE_WORKERS that is not a whole number from 1 to 64', async () => {
    for (const bad of ['0', '2.5', 'abc', '65', '-1']) {
      const result = await runServe({ PORT: String(await freePort()), CONSOLE_WORKERS: bad })
      expect(result.code, bad).toBe(2)
      // (a JSON line: its message as a JSON string)
      expect(result.output).toContain(
        JSON.stringify(`CONSOLE_WORKERS must be a whole number from 1 to 64, not "${bad}"`),
      )
    }
  })
})
