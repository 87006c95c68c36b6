// `npm run dev`'s metrics reach the local VictoriaMetrics (decision 0077): the real infra/local/dev
// runs in a private stack's state folder, its platform a Kubernetes (the store's scrape
// configuration needs the API server's scraper identity) and a VictoriaMetrics of its own, which
// this file queries; the shared stack's store is never touched. The script gives the development
// server and each worker a METRICS_LISTEN port and, once the platform is up, writes them where the
// store looks for targets (job govcloud-dev); the store reads that folder again without a restart.
// A fresh database from the shared PostgreSQL, and the shared Keycloak's settings (no one signs in).
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { enqueue } from '#server/jobs/queue'
import { connectTimeSeriesStore, type Sample, type TimeSeriesStore } from '#server/platform/metrics/time-series'
import { createTestDatabase, type TestDatabase } from '#tests/helpers/database'
import { startDevScript, type DevScript } from '#tests/helpers/dev-script'
import { eventually } from '#tests/helpers/poll'
import { privateStack, type PrivateStack } from '#tests/helpers/private-stack'

let stack: PrivateStack
let database: TestDatabase
let dev: DevScript
let url: string
let store: TimeSeriesStore

/** The dev runs' targets files in the store's folder (dev-<pid>-<start>.json, lib.sh). */
function devTargetsFiles(): string[] {
  const dir = stack.setting('METRICS_TARGETS_DIR')
  return readdirSync(dir)
    .filter((name) => name.startsWith('dev'))
    .map((name) => join(dir, name))
}

/** The store's samples for `query` once there are some and the first passes `ready`. */
function samplesOf(query: string, ready: (value: number) => boolean = () => true): () => Promise<Sample[] | undefined> {
  return async () => {
    const samples = await store.instant(query)
    return samples.length > 0 && ready(samples[0]!.value) ? samples : undefined
  }
}

/** A pid no process has now: one that ran and ended. */
function endedPid(): number {
  return Number(execFileSync('bash', ['-c', 'sleep 0 & echo $!; wait'], { encoding: 'utf8' }).trim())
}

beforeAll(async () => {
  stack = privateStack('dev-metrics')
  database = await createTestDatabase()
  // What a run killed with SIGKILL left (its exit trap never ran), and an older checkout's file:
  // `stack up victoriametrics` removes both before the store reads the folder.
  const folder = join(stack.stateDir, 'victoriametrics', 'targets')
  mkdirSync(folder, { recursive: true })
  const dead = '[{"targets":["127.0.0.1:9"],"labels":{"process":"web"}}]\n'
  writeFileSync(join(folder, 'dev.json'), dead)
  writeFileSync(join(folder, `dev-${endedPid()}-1.json`), dead)
  // The shared build cache (the default): the platform's binaries are built already.
  dev = await startDevScript({ stateDir: stack.stateDir, platformComponents: 'kubernetes victoriametrics', database })
  url = dev.url
  // The platform (a private Kubernetes and VictoriaMetrics, from the build cache) is up and the
  // workers have started once the script names the metrics' ports.
  await dev.waitFor('npm run dev to bring its platform up and name its metrics ports', 420_000, () =>
    dev.output().includes('[dev] metrics: web 127.0.0.1:') ? true : undefined,
  )
  // Vite answers its own client itself, before any route of the console runs: the server is up,
  // and this request is not the console's, never timed (the test below counts exactly its own).
  await dev.waitFor('the development server to answer', 120_000, async () =>
    (await fetch(`${url}/@vite/client`).catch(() => null))?.status === 200 ? true : undefined,
  )
  store = connectTimeSeriesStore({
    url: stack.setting('METRICS_URL'),
    username: stack.setting('METRICS_USERNAME'),
    password: stack.setting('METRICS_PASSWORD'),
    // Every query sees what was scraped last, not a cached answer from a moment before.
    noCache: true,
  })
}, 480_000)

afterAll(async () => {
  // The script's exit stops its jobs (the web console, the workers); the private stack goes after.
  await dev?.stop()
  await database?.drop()
  await stack?.destroy()
})

describe("npm run dev's metrics in the local VictoriaMetrics", () => {
  it('tells the store where the web console and both workers serve /metrics, in a file of the targets folder', () => {
    // Its own file alone: a killed run's were removed.
    const [file, ...others] = devTargetsFiles()
    expect(others).toEqual([])
    expect(file).toMatch(/\/dev-\d+-\d+\.json$/)
    const targets = JSON.parse(readFileSync(file!, 'utf8')) as { targets: string[]; labels: { process: string } }[]
    expect(targets.map((target) => target.labels.process)).toEqual(['web', 'provisioning-worker', 'workflow-worker'])
    const ports = targets.map((target) => target.targets[0]!.replace('127.0.0.1:', ''))
    expect(new Set(ports).size).toBe(3)
    expect(dev.output()).toContain(`[dev] metrics: web 127.0.0.1:${ports[0]},`)
  })

  it("holds the development server's request latency by Remix route, scraped from its own port", async () => {
    for (let i = 0; i < 3; i++) {
      const response = await fetch(`${url}/healthz`)
      expect(response.status).toBe(200)
      await response.arrayBuffer()
    }
    const web = await eventually(
      "the web console's requests in the store",
      90_000,
      samplesOf(
        'govcloud_http_request_duration_seconds_count{job="govcloud-dev",process="web",route="routes/healthz",method="GET",status="2xx"}',
        (count) => count >= 3,
      ),
      { everyMs: 2_000, explain: () => dev.output() },
    )
    expect(web[0]!.value).toBe(3)
    const all = await store.instant(
      'sum(govcloud_http_request_duration_seconds_count{job="govcloud-dev",process="web"})',
    )
    expect(all.map((sample) => sample.value)).toEqual([3])
    const up = await store.instant('up{job="govcloud-dev",process="web"}')
    expect(up.map((sample) => sample.value)).toEqual([1])
  })

  it("holds a worker's gauges, read from the database at each scrape", async () => {
    const kind = `dev-metrics.test_${Date.now()}`
    // A kind no worker takes: it waits, due, and the workers' scrapes count it.
    await enqueue(database.db, { kind, key: 'a', runAt: new Date(Date.now() - 60_000) })
    const depth = await eventually(
      "the workflow worker's queue depth in the store",
      90_000,
      samplesOf(`govcloud_job_queue_depth{job="govcloud-dev",process="workflow-worker",kind="${kind}",state="queued"}`),
      { everyMs: 2_000, explain: () => dev.output() },
    )
    expect(depth.map((sample) => sample.value)).toEqual([1])
    // The web console reads no gauge from the database (the workers do, as in production).
    expect(await store.instant(`govcloud_job_queue_depth{process="web",kind="${kind}"}`)).toEqual([])
  })

  it('takes the targets away when the script stops', async () => {
    const [file] = devTargetsFiles()
    expect(existsSync(file!)).toBe(true)
    await dev.stop()
    expect(existsSync(file!)).toBe(false)
  })
})
