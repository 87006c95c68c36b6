// Measurement (issue 17, decision 0069): the first run on a fresh machine, the time from
// `npm run dev` to the first signed-in page. It runs the real infra/local/dev with an empty build
// cache, state folder and Go module and build caches of its own (never the shared stack's), signs
// an.nguyen in through Keycloak's form every few seconds until a page answers, then follows the
// platform's bring-up beside it to the end. The baseline, measured in the same run, is what the
// script did before decision 0069: every component up one after the other before Remix starts,
// so its time to the first page is this run's first page plus the platform's whole bring-up
// (which here shares the CPU with Keycloak and Vite, at nice 10, and so is, if anything, longer).
// node_modules is taken as installed (npm ci is the same before and after).
//
//   npx tsx bench/first-run.ts [--keep]      (--keep leaves the folder, its caches and logs)
import { spawn, spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { freePort } from '#tests/helpers/console-server'
import { signInThroughConsole } from '#tests/helpers/keycloak-form'

const { values } = parseArgs({ options: { keep: { type: 'boolean', default: false } } })
const ROOT = resolve(import.meta.dirname, '..')
/** A redirect URI the realm allows: Keycloak sends the browser there, this script carries it on. */
const PUBLIC_URL = 'http://localhost:3000'
const scratch = mkdtempSync(join(tmpdir(), 'govcloud-first-run-bench-'))
const dirs = { cache: 'cache', state: 'state', gocache: 'go-build', gomodcache: 'go-mod' }
for (const dir of Object.values(dirs)) mkdirSync(join(scratch, dir))
const at = (name: keyof typeof dirs) => join(scratch, dirs[name])
const t0 = performance.now()
const seconds = () => (performance.now() - t0) / 1000
const load = () => loadavg()[0]!.toFixed(1)
const events: { s: number; line: string }[] = []

/** Signs an.nguyen in to the development console and returns the home page's HTML, or null. */
async function signedInHome(url: string): Promise<string | null> {
  try {
    const { jar } = await signInThroughConsole(url, 'an.nguyen')
    const home = await fetch(`${url}/`, { headers: { cookie: jar.header() } })
    return home.status === 200 && jar.get('govcloud_session') ? await home.text() : null
  } catch {
    return null
  }
}

async function main() {
  const port = await freePort()
  const url = `http://127.0.0.1:${port}`
  const env: NodeJS.ProcessEnv = {
    NODE_ENV: 'development',
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: process.env.HOME ?? scratch,
    GOVCLOUD_CACHE: at('cache'),
    GOVCLOUD_STATE: at('state'),
    GOCACHE: at('gocache'),
    GOMODCACHE: at('gomodcache'),
    PORT: String(port),
    PUBLIC_URL,
  }
  console.log(`[first-run] ${scratch}; load average ${load()} at the start`)
  const dev = spawn('bash', [join(ROOT, 'infra/local/dev')], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] })
  let platformUp: number | undefined
  let platformFailed = false
  const onLine = (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n')) {
      if (!/^\[(dev|stack)\]/.test(line)) continue
      events.push({ s: seconds(), line })
      console.log(`[first-run] ${seconds().toFixed(0).padStart(5)} s  ${line}`)
      if (line.startsWith('[dev] the platform is up')) platformUp = seconds()
      if (line.startsWith('[dev] the platform did not come up')) platformFailed = true
    }
  }
  dev.stdout.on('data', onLine)
  dev.stderr.on('data', onLine)

  let firstPage: number | undefined
  while (firstPage === undefined && dev.exitCode === null) {
    const html = await signedInHome(url)
    if (html) {
      firstPage = seconds()
      const notice = html.includes('data-testid="platform-startup"')
      console.log(
        `[first-run] first signed-in page at ${firstPage.toFixed(0)} s (notice shown: ${notice}), load ${load()}`,
      )
    } else await new Promise((done) => setTimeout(done, 3_000))
  }
  while (platformUp === undefined && !platformFailed && dev.exitCode === null)
    await new Promise((done) => setTimeout(done, 5_000))
  const platformStart = events.find((e) => e.line.includes('platform: ') && e.line.endsWith(' building'))?.s ?? 0
  if (platformUp !== undefined && firstPage !== undefined) {
    const platform = platformUp - platformStart
    const before = firstPage + platform
    console.log(`[first-run] platform built and up in ${platform.toFixed(0)} s (from its first build)`)
    console.log(
      `[first-run] first signed-in page: ${firstPage.toFixed(0)} s now, about ${before.toFixed(0)} s before ` +
        `(one after the other); ratio ${(firstPage / before).toFixed(3)}, load ${load()}`,
    )
    await new Promise((done) => setTimeout(done, 30_000))
    const after = await signedInHome(url)
    console.log(
      `[first-run] after the platform: page ${after ? 'answers' : 'does not answer'}, notice shown: ${after?.includes('platform-startup') ?? '-'}`,
    )
  } else console.log(`[first-run] the platform did not come up: see ${at('state')}/logs/platform-startup.log`)
  if (dev.exitCode === null && dev.signalCode === null) {
    const exited = new Promise((done) => dev.once('exit', done))
    dev.kill('SIGTERM')
    await exited
  }
  console.log(
    readFileSync(join(at('state'), 'logs/platform-startup.log'), 'utf8')
      .split('\n')
      .filter((l) => l.includes('ready in'))
      .join('\n'),
  )
  // This run's own stack only: its state folder names its own daemons and PostgreSQL cluster.
  if (!env.GOVCLOUD_STATE?.startsWith(scratch)) throw new Error("not this run's own state folder")
  spawnSync(join(ROOT, 'infra/local/stack'), [values.keep ? 'down' : 'reset'], { env, stdio: 'inherit' })
  if (!values.keep) {
    spawnSync('chmod', ['-R', 'u+w', scratch])
    rmSync(scratch, { recursive: true, force: true })
  }
}

await main()
