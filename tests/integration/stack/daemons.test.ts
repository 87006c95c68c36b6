// The stack's daemons are known by their pid files (infra/local/lib.sh). The state folder outlives
// the processes: CI restores it from its cache on a new machine, where a stale pid may name any
// process. CI's run was killed that way: victoriametrics' pid file named the test run itself,
// which "runs with other flags", so the stack stopped it, TERM to its process group (exit 143).
// These tests give the helpers a live stranger's pid and expect them to leave it alone.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, describe, expect, it } from 'vitest'

const state = mkdtempSync(join(tmpdir(), 'govcloud-daemons-'))
mkdirSync(join(state, 'run'))
const strangers: ChildProcess[] = []

/** Runs `script` in bash with the stack's helpers sourced and this test's own state folder. */
function stackShell(script: string): { code: number; output: string } {
  try {
    const output = execFileSync('bash', ['-c', `source infra/local/lib.sh; ${script}`], {
      env: { ...process.env, GOVCLOUD_STATE: state },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    return { code: 0, output }
  } catch (err) {
    const failed = err as { status: number; stdout: string; stderr: string }
    return { code: failed.status, output: failed.stdout + failed.stderr }
  }
}

/** A process the stack did not start, leading its own process group as a daemon would. */
function stranger(): number {
  const child = spawn('sleep', ['300'], { detached: true, stdio: 'ignore' })
  strangers.push(child)
  return child.pid!
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

afterEach(() => {
  for (const child of strangers.splice(0)) if (child.pid && alive(child.pid)) process.kill(child.pid, 'SIGKILL')
})
afterAll(() => rmSync(state, { recursive: true, force: true }))

describe('the stack’s pid files', () => {
  it('do not take a stale pid that names another process for the daemon', () => {
    const pid = stranger()
    writeFileSync(join(state, 'run', 'victim.pid'), `${pid}\n`)

    expect(stackShell('is_running victim').code).not.toBe(0)
    expect(stackShell('runs_otherwise victim sleep 1').code).not.toBe(0)
    stackShell('stop_daemon victim')
    expect(alive(pid)).toBe(true)
  })

  it('do not take a reused pid, started at another time, for the daemon', () => {
    const pid = stranger()
    writeFileSync(join(state, 'run', 'victim.pid'), `${pid}\n`)
    writeFileSync(join(state, 'run', 'victim.started'), '1\n')

    expect(stackShell('is_running victim').code).not.toBe(0)
    stackShell('stop_daemon victim')
    expect(alive(pid)).toBe(true)
  })

  it('know and stop a daemon the stack started', () => {
    const started = stackShell('start_daemon napper sleep 300; cat "$GOVCLOUD_STATE/run/napper.pid"')
    const pid = Number(started.output.trim().split('\n').pop())
    expect(alive(pid)).toBe(true)

    expect(stackShell('is_running napper').code).toBe(0)
    expect(stackShell('runs_otherwise napper sleep 300').code).not.toBe(0)
    expect(stackShell('runs_otherwise napper sleep 301').code).toBe(0)
    stackShell('stop_daemon napper')
    expect(alive(pid)).toBe(false)
    expect(stackShell('is_running napper').code).not.toBe(0)
  })
})
