// The audit search page at 50 users (issue 13, decision 0037): the built console (bin/serve.mjs,
// session lookup, authorisation, rendering) with a trail of a million entries (audit-trail-data.ts,
// the demo's own entries after them) signed by checkpoints, and 50 signed-in security officers
// each loading /audit with a different search in turn (audit-page-searches.ts: the newest, older
// pages, by agency, person, action, outcome, a day, a month, a project, combinations). Baselines
// under the same 50 users in the same run: /healthz of the same console (a request's floor: one
// database round trip, no session), the page's loaders alone over HTTP with the same searches
// (bench/bare-loader-server.ts: no session, authorisation, layout or rendering) and the console's
// data request for the page (what a client-side navigation fetches: no layout, no rendering).
// Closed loop (no think time) and human pace (decision 0013). Prints p50/p95/p99, requests per
// second, the page's p95 against each baseline's, and the load average.
//
//   npx tsx bench/audit-page.ts [--entries 1000000] [--seconds 20] [--think-seconds 40] [--think-ms 1500]
//     [--concurrency 50] [--modes closed,paced] [--workers N] [--skip-build]
//
// Needs the local stack's PostgreSQL, Keycloak (the console discovers it at first use) and SeaweedFS.
import { spawn } from 'node:child_process'
import { generateKeyPairSync, randomBytes } from 'node:crypto'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { availableParallelism, cpus, tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { writeCheckpoints } from '#server/audit/write-checkpoint'
import { TEST_RETENTION_MS, connectTestBucket } from '../tests/helpers/audit'
import { buildConsole, startConsoleServer } from '../tests/helpers/console-server'
import { createTestDatabase, ensureTemplateDatabase, seedDatabase } from '../tests/helpers/database'
import { auditSearches, nameTheTrail } from './audit-page-searches'
import { fillTrail, trailShape } from './audit-trail-data'
import { figures, load, load1, type Figures } from './concurrent-load'
import { SECURITY_OFFICER, benchSession } from './operator-session'

const { values } = parseArgs({
  options: {
    entries: { type: 'string', default: '1000000' },
    seconds: { type: 'string', default: '20' },
    'think-seconds': { type: 'string', default: '40' },
    'think-ms': { type: 'string', default: '1500' },
    concurrency: { type: 'string', default: '50' },
    modes: { type: 'string', default: 'closed,paced' },
    workers: { type: 'string', default: String(availableParallelism()) },
    'skip-build': { type: 'boolean', default: false },
  },
})
const COUNT = Number(values.entries)
const USERS = Number(values.concurrency)
const WORKERS = Number(values.workers)

/** The bare loader server (bench/bare-loader-server.ts) in as many processes as the console; its URL. */
async function startBare(env: Record<string, string>): Promise<{ url: string; stop: () => void }> {
  const bare = spawn(process.execPath, ['--import', 'tsx', resolve(import.meta.dirname, 'bare-loader-server.ts')], {
    env: { ...process.env, ...env, WORKERS: String(WORKERS) },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const url = await new Promise<string>((ready, failed) => {
    bare.once('exit', (code) => failed(new Error(`the bare loader server exited (code ${code})`)))
    bare.stdout.on('data', (chunk: Buffer) => {
      const port = /listening (\d+)/.exec(chunk.toString())?.[1]
      if (port) ready(`http://127.0.0.1:${port}`)
    })
  })
  bare.removeAllListeners('exit')
  return { url, stop: () => bare.kill('SIGTERM') }
}

await ensureTemplateDatabase()
const t = await createTestDatabase({ poolSize: 4 })
const bucket = connectTestBucket()
try {
  const shape = trailShape()
  console.log(
    `${COUNT.toLocaleString('en')} entries written in ${(await fillTrail(t.url, t.ownerUrl, COUNT, shape)).toFixed(0)} s`,
  )
  await seedDatabase(t.url)
  const terms = await nameTheTrail(t.db, shape)
  const searches = auditSearches(shape, terms, COUNT, 600)

  // Signed as the worker signs them, so that the page shows each entry's checkpoint and checks the last one's signature.
  const { privateKey, publicKey } = generateKeyPairSync('ed25519')
  const keyFile = join(mkdtempSync(join(tmpdir(), 'audit-page-')), 'verify.pem')
  writeFileSync(keyFile, publicKey.export({ type: 'spki', format: 'pem' }))
  await bucket.ensureBucket(1)
  const started = performance.now()
  const signed = await writeCheckpoints({
    db: t.db,
    bucket,
    signingKey: privateKey,
    prefix: `bench-${t.name}/`,
    retentionMs: TEST_RETENTION_MS,
    maxEntries: 20_000,
  })
  console.log(`${signed.length} checkpoints signed in ${((performance.now() - started) / 1000).toFixed(1)} s`)

  const secret = randomBytes(32).toString('base64url')
  const cookies = await Promise.all(Array.from({ length: USERS }, () => benchSession(t.db, SECURITY_OFFICER, secret)))
  const auditEnv = { AUDIT_VERIFY_KEY_FILE: keyFile, AUDIT_CHECKPOINT_SECONDS: '600' }
  const bare = await startBare({ DATABASE_URL: t.url, ...auditEnv })
  if (!values['skip-build']) await buildConsole()
  const server = await startConsoleServer({
    databaseUrl: t.url,
    workers: WORKERS,
    env: { SESSION_SECRET: secret, ...auditEnv },
  })
  try {
    await measure(server, bare.url, cookies, searches)
  } finally {
    await server.stop()
    bare.stop()
  }
} finally {
  bucket.close()
  await t.drop()
}

async function measure(
  server: { url: string; output: () => string },
  bareUrl: string,
  cookies: string[],
  searches: string[],
): Promise<void> {
  // Each user takes the searches in turn from a place of their own.
  const turn = Array.from({ length: USERS }, (_, user) => Math.floor((user * searches.length) / USERS))
  const next = (user: number) => {
    const at = turn[user]!
    turn[user] = at + 1
    return searches[at % searches.length]!
  }
  const fetchOk = async (url: string, cookie?: string) => {
    const res = await fetch(url, { headers: cookie ? { cookie } : {}, redirect: 'manual' })
    if (res.status !== 200) throw new Error(`${url} answered ${res.status}:\n${server.output().slice(-2000)}`)
    return res
  }
  const contenders: Record<string, (user: number) => Promise<void>> = {
    '/healthz': async () => void (await (await fetchOk(`${server.url}/healthz`)).arrayBuffer()),
    'loaders over HTTP': async (user) => void (await (await fetchOk(`${bareUrl}/audit?${next(user)}`)).arrayBuffer()),
    "console's data request": async (user) => {
      const query = new URLSearchParams(next(user))
      query.set('_routes', 'routes/audit')
      await (await fetchOk(`${server.url}/audit.data?${query}`, cookies[user])).arrayBuffer()
    },
    'the page': async (user) =>
      void (await (await fetchOk(`${server.url}/audit?${next(user)}`, cookies[user])).arrayBuffer()),
  }
  // What each kind of search finds (the first twelve are one of each kind), and warm-up: OIDC
  // discovery, route modules, query plans and V8's optimised code in every worker.
  for (const query of searches.slice(0, 12)) {
    const html = await (await fetchOk(`${server.url}/audit?${query}`, cookies[0])).text()
    console.log(`  /audit?${query}: ${(html.match(/<tr/g)?.length ?? 1) - 1} rows`)
  }
  for (const work of Object.values(contenders)) await load(Math.min(USERS, 10), work, 5, 0)

  console.log(`${new Date().toISOString()} · ${cpus().length} × ${cpus()[0]?.model ?? '?'} · Node ${process.version}`)
  const rows: string[] = []
  for (const mode of values.modes.split(',')) {
    const [seconds, thinkMs] =
      mode === 'closed' ? [Number(values.seconds), 0] : [Number(values['think-seconds']), Number(values['think-ms'])]
    const label = mode === 'closed' ? 'closed loop' : `human pace (think exp. mean ${thinkMs} ms)`
    const loadBefore = load1()
    const results: [string, Figures][] = []
    for (const [name, work] of Object.entries(contenders)) {
      results.push([name, await load(USERS, work, seconds, thinkMs)])
      console.log(
        `${label}, ${name}: p50/p95/p99 ${figures(results.at(-1)![1])} ms (${results.at(-1)![1].rps.toFixed(1)}/s)`,
      )
    }
    const page = results.at(-1)![1]
    const versus = results
      .slice(0, -1)
      .map(([, f]) => `${figures(f)} (${f.rps.toFixed(1)}/s) → ${(page.p95 / f.p95).toFixed(2)}×`)
    rows.push(
      `| ${label} | ${figures(page)} | ${page.rps.toFixed(1)} | ${versus.join(' | ')} | ${loadBefore} → ${load1()} |`,
    )
  }
  console.log(`\nconsole workers: ${WORKERS}; loaders over HTTP: ${WORKERS} processes; ${USERS} security officers`)
  console.log(
    "\n| load | page p50 / p95 / p99 (ms) | page req/s | each baseline p50 / p95 / p99 (ms), its req/s → page p95 ÷ its p95: /healthz | loaders over HTTP | console's data request | load average |\n" +
      '| --- | --- | --- | --- | --- | --- | --- |',
  )
  console.log(rows.join('\n'))
}
