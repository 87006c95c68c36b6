// Where the console's CPU goes per page view (issue 5, decisions 0013 and 0015): the production
// build under bin/serve.mjs (one remix-serve worker), profiled by V8 (the inspector's Profiler,
// started by a preloaded module since NODE_OPTIONS may not carry --cpu-prof), a few users loading
// one page back to back on the 100,000-request dataset, then the profile summarised by area (React
// rendering, Remix and its turbo-stream encoding, compression, Prisma and the PostgreSQL driver,
// sessions, the console's own code, garbage collection). The total is Node's CPU only
// (PostgreSQL runs beside it).
//
//   npx tsx bench/profile-pages.ts [--path /queue] [--seconds 20] [--concurrency 5] [--encoding gzip|identity]
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { buildConsole, startConsoleServer } from '../tests/helpers/console-server'
import { operatorSession } from './operator-session'
import { createTestDatabase, ensureTemplateDatabase, seedDatabase } from '../tests/helpers/database'
import { fillLargeDataset } from './large-dataset'

const { values } = parseArgs({
  options: {
    path: { type: 'string', default: '/queue' },
    seconds: { type: 'string', default: '20' },
    concurrency: { type: 'string', default: '5' },
    /** What the load generator accepts: gzip (as browsers do) or identity (to see what compression costs). */
    encoding: { type: 'string', default: 'gzip' },
  },
})

type Node = { id: number; callFrame: { functionName: string; url: string }; children?: number[] }
type Profile = { nodes: Node[]; samples: number[]; timeDeltas: number[] }

/** The area a function belongs to, from its script's path. */
function area(url: string, name: string): string {
  if (name === '(garbage collector)') return 'garbage collection'
  if (name === '(idle)' || name === '(program)') return name
  if (/react-dom/.test(url)) return 'React rendering (react-dom/server)'
  if (/turbo-stream/.test(url)) return 'turbo-stream encoding'
  if (/compression|zlib/.test(url) || /zlib|gzip|deflate/i.test(name)) return 'compression'
  if (/@prisma|\.prisma|db\/generated|query_compiler|wasm/.test(url)) return 'Prisma'
  if (/node_modules\/pg(-[a-z]+)?\//.test(url)) return 'pg driver'
  if (/@remix-run|react-router/.test(url)) return 'Remix / React Router'
  if (/express|send|serve-static|morgan|on-finished|body-parser/.test(url)) return 'express / remix-serve'
  if (/build\/server/.test(url)) return 'console code (server build)'
  if (/node_modules/.test(url)) return `other packages (${/node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1] ?? '?'})`
  if (url.startsWith('node:') || url === '') return 'Node.js internals and natives'
  return url
}

await ensureTemplateDatabase()
const t = await createTestDatabase({ poolSize: 20 })
const profileDir = mkdtempSync(join(tmpdir(), 'govcloud-profile-'))
const preload = join(profileDir, 'profile.mjs')
// Starts V8's sampling profiler in the server process and writes the profile when it is stopped.
writeFileSync(
  preload,
  `import cluster from 'node:cluster'
import { Session } from 'node:inspector'
import { writeFileSync } from 'node:fs'
// Only the worker that renders pages (bin/serve.mjs runs one; its primary only hands out connections).
if (cluster.isWorker) {
  const session = new Session()
  session.connect()
  session.post('Profiler.setSamplingInterval', { interval: 500 })
  writeFileSync(${JSON.stringify(join(profileDir, 'pid'))}, String(process.pid))
  // The first SIGUSR2 (after the warm-up, so start-up and first compilations are left out) starts
  // the profile, the second writes it.
  let running = false
  process.on('SIGUSR2', () => {
    if (!running) return void session.post('Profiler.enable', () => session.post('Profiler.start', () => (running = true)))
    session.post('Profiler.stop', (error, result) => {
      if (!error) writeFileSync(${JSON.stringify(join(profileDir, 'server.cpuprofile'))}, JSON.stringify(result.profile))
    })
  })
}
`,
)
try {
  await seedDatabase(t.url)
  await fillLargeDataset(t.url)
  const { secret, cookie } = await operatorSession(t.db)
  await buildConsole()
  const server = await startConsoleServer({
    databaseUrl: t.url,
    env: { SESSION_SECRET: secret, NODE_OPTIONS: `--import=${preload}` },
  })
  let count = 0
  try {
    const get = async () => {
      const res = await fetch(`${server.url}${values.path}`, {
        headers: { cookie, 'accept-encoding': values.encoding },
      })
      if (res.status !== 200) throw new Error(`${values.path} answered ${res.status}`)
      await res.arrayBuffer()
    }
    for (let i = 0; i < 50; i++) await get() // warm up
    process.kill(Number(readFileSync(join(profileDir, 'pid'), 'utf8')), 'SIGUSR2')
    await new Promise((started) => setTimeout(started, 200))
    const end = performance.now() + Number(values.seconds) * 1000
    await Promise.all(
      Array.from({ length: Number(values.concurrency) }, async () => {
        while (performance.now() < end) {
          await get()
          count++
        }
      }),
    )
    process.kill(Number(readFileSync(join(profileDir, 'pid'), 'utf8')), 'SIGUSR2')
    for (
      let waited = 0;
      !readdirSync(profileDir).some((name) => name.endsWith('.cpuprofile')) && waited < 10_000;
      waited += 100
    ) {
      await new Promise((written) => setTimeout(written, 100))
    }
  } finally {
    await server.stop()
  }
  const file = readdirSync(profileDir).find((name) => name.endsWith('.cpuprofile'))
  if (!file) throw new Error(`no profile written in ${profileDir}`)
  const profile = JSON.parse(readFileSync(join(profileDir, file), 'utf8')) as Profile
  const byId = new Map(profile.nodes.map((n) => [n.id, n]))
  const areas = new Map<string, number>()
  const functions = new Map<string, number>()
  for (const [i, id] of profile.samples.entries()) {
    const node = byId.get(id)!
    const micros = profile.timeDeltas[i] ?? 0
    const where = area(node.callFrame.url, node.callFrame.functionName)
    areas.set(where, (areas.get(where) ?? 0) + micros)
    const fn = `${node.callFrame.functionName || '(anonymous)'} ${node.callFrame.url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*\/build\//, 'build/')}`
    functions.set(fn, (functions.get(fn) ?? 0) + micros)
  }
  const busy = [...areas].filter(([name]) => name !== '(idle)').reduce((sum, [, v]) => sum + v, 0)
  console.log(
    `${values.path}: ${count} page views; Node busy ${(busy / 1000).toFixed(0)} ms = ${(busy / 1000 / count).toFixed(1)} ms CPU per view (profile ${join(profileDir, file)})`,
  )
  for (const [name, micros] of [...areas]
    .filter(([n]) => n !== '(idle)')
    .sort((a, b) => b[1] - a[1])
    .slice(0, 16))
    console.log(
      `  ${((100 * micros) / busy).toFixed(1).padStart(5)} %  ${(micros / 1000 / count).toFixed(2).padStart(6)} ms/view  ${name}`,
    )
  console.log('top functions (self time):')
  for (const [name, micros] of [...functions]
    .filter(([n]) => !n.startsWith('(idle)'))
    .sort((a, b) => b[1] - a[1])
    .slice(0, 25))
    console.log(`  ${((100 * micros) / busy).toFixed(1).padStart(5)} %  ${name}`)
} finally {
  await t.drop()
}
