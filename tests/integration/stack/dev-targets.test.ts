import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

// `npm run dev` tells the local VictoriaMetrics where its processes serve /metrics in a file of the
// store's targets folder, removed by the script's exit trap (decision 0077). A run killed with
// SIGKILL ran no trap and left dev.json behind: the store went on scraping dead ports and reported
// them down, until someone deleted it. The file is now named by the run's pid and start time, and
// `stack up victoriametrics` and every dev run remove those whose run is gone (lib.sh). The wiring
// (the script's file, stale ones gone once the stack is up) is tested in dev-metrics.test.ts.

const LIB = resolve(import.meta.dirname, '../../../infra/local/lib.sh')
const state = mkdtempSync(join(tmpdir(), 'govcloud-dev-targets-'))
const targets = join(state, 'targets')
let alive: ChildProcess

/** Runs `script` with lib.sh's functions, in this file's own state folder; answers its stdout. */
function lib(script: string, ...args: string[]): string {
  return execFileSync('bash', ['-c', `source "${LIB}"; ${script}`, 'lib', ...args], {
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: state, GOVCLOUD_STATE: state, NODE_ENV: 'test' },
    encoding: 'utf8',
  }).trim()
}

/** A pid no process has now: one that ran and ended. */
function endedPid(): number {
  return Number(execFileSync('bash', ['-c', 'sleep 0 & echo $!; wait'], { encoding: 'utf8' }).trim())
}

beforeAll(() => {
  mkdirSync(targets)
  // Stands for a dev run that still runs.
  alive = spawn('sleep', ['300'], { stdio: 'ignore' })
})
afterAll(() => {
  alive?.kill('SIGKILL')
  rmSync(state, { recursive: true, force: true })
})

describe("the dev runs' metrics targets", () => {
  it("are named by the run's pid and start time, and only a gone run's are removed", async () => {
    const live = lib('dev_targets_file "$1" "$2"', targets, String(alive.pid))
    expect(live).toMatch(new RegExp(`^${targets}/dev-${alive.pid}-\\d+\\.json$`))
    const started = Number(/-(\d+)\.json$/.exec(live)![1])
    const body = '[{"targets":["127.0.0.1:1"],"labels":{"process":"web"}}]\n'
    const files = {
      live,
      killed: join(targets, `dev-${endedPid()}-${started}.json`),
      // The pid of a killed run, given since to another process (started at another time).
      reused: join(targets, `dev-${alive.pid}-${started + 1}.json`),
      // An older checkout's file, which names no run.
      older: join(targets, 'dev.json'),
      // Another process's targets, not the dev runs'.
      other: join(targets, 'exporter.json'),
    }
    for (const file of Object.values(files)) writeFileSync(file, body)

    lib('prune_dev_targets "$1"', targets)
    expect(readdirSync(targets).sort()).toEqual([live.slice(targets.length + 1), 'exporter.json'].sort())
    expect(existsSync(files.killed)).toBe(false)

    // Once the run is gone, its file goes too.
    const gone = new Promise((done) => alive.once('exit', done))
    alive.kill('SIGKILL')
    await gone
    lib('prune_dev_targets "$1"', targets)
    expect(readdirSync(targets)).toEqual(['exporter.json'])
  })

  it('leave an empty or missing folder as it is', () => {
    const empty = join(state, 'empty')
    mkdirSync(empty)
    lib('prune_dev_targets "$1"', empty)
    lib('prune_dev_targets "$1"', join(state, 'missing'))
    expect(readdirSync(empty)).toEqual([])
    expect(existsSync(join(state, 'missing'))).toBe(false)
  })
})
