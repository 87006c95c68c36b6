import type { Server } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { enqueue } from '#server/jobs/queue'
import { startMetricsServer } from '#server/observability/metrics-server'
import { buildConsole, freePort, startConsoleServer, type ConsoleServer } from '../../helpers/console-server'
import { createTestDatabase, type TestDatabase } from '../../helpers/database'

// The console's /metrics in Prometheus's format (issue 16, decision 0065): the web tier's primary
// sums its page processes' request latency by route and sign-in failures; a worker serves the
// queue, metering and audit gauges read from the real database at the scrape.

let database: TestDatabase
let server: ConsoleServer
let metricsUrl: string
let worker: Server
let workerUrl: string

/** A sample's value from Prometheus's text format, or undefined when it is absent. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue
    const labelText = /\{(.*)\}/.exec(line)?.[1] ?? ''
    if (Object.entries(labels).every(([key, value]) => labelText.includes(`${key}="${value}"`))) {
      return Number(line.slice(line.lastIndexOf(' ') + 1))
    }
  }
  return undefined
}

async function scrape(url: string): Promise<string> {
  const response = await fetch(url)
  expect(response.status).toBe(200)
  expect(response.headers.get('content-type')).toContain('text/plain')
  return response.text()
}

beforeAll(async () => {
  database = await createTestDatabase()
  await buildConsole()
  const port = await freePort()
  metricsUrl = `http://127.0.0.1:${port}/metrics`
  server = await startConsoleServer({
    databaseUrl: database.url,
    workers: 2,
    env: { METRICS_LISTEN: `127.0.0.1:${port}` },
  })
  const workerPort = await freePort()
  worker = await startMetricsServer({ host: '127.0.0.1', port: workerPort }, database.db)
  workerUrl = `http://127.0.0.1:${workerPort}/metrics`
}, 300_000)

afterAll(async () => {
  worker?.close()
  await server?.stop()
  await database?.drop()
})

describe("the web tier's /metrics", () => {
  it('counts every request by route, summed over the page processes, never by path', async () => {
    // New connections, so the primary hands them to both page processes in turn.
    for (let i = 0; i < 6; i++) {
      const response = await fetch(`${server.url}/healthz`, { headers: { connection: 'close' } })
      await response.arrayBuffer()
    }
    const page = await fetch(`${server.url}/projects/so-khcn-cong-thong-tin`, { redirect: 'manual' })
    expect(page.status).toBe(302)
    const text = await scrape(metricsUrl)
    expect(
      sample(text, 'govcloud_http_request_duration_seconds_count', {
        route: 'routes/healthz',
        method: 'GET',
        status: '2xx',
      }),
    ).toBeGreaterThanOrEqual(6)
    expect(
      sample(text, 'govcloud_http_request_duration_seconds_count', {
        route: 'routes/projects.$namespace',
        status: '3xx',
      }),
    ).toBe(1)
    expect(text).not.toContain('so-khcn-cong-thong-tin')
    expect(text).toMatch(/^govcloud_http_request_duration_seconds_bucket\{le="0.005",route="routes\/healthz"/m)
    expect(server.output()).not.toContain('"source":"metrics"')
  })

  it('counts sign-ins that ended on the problem page, by problem', async () => {
    const before = sample(await scrape(metricsUrl), 'govcloud_sign_in_failures_total', { problem: 'failed' }) ?? 0
    const callback = await fetch(`${server.url}/auth/callback?state=forged`, { redirect: 'manual' })
    expect(callback.status).toBe(400)
    await callback.arrayBuffer()
    const after = sample(await scrape(metricsUrl), 'govcloud_sign_in_failures_total', { problem: 'failed' })
    expect(after).toBe(before + 1)
  })

  it("never reports the workers' ages as fresh: it reads none, so they are NaN or absent, never 0", async () => {
    // Its page processes load the metrics module (the sign-in counter) and with it these gauges,
    // unread; the primary's sum made them 0 (NaN does not survive its JSON), and a 0 here held
    // GovcloudAuditCheckpointStale's min(...) below its threshold for good.
    const text = await scrape(metricsUrl)
    for (const age of ['govcloud_metering_lag_seconds', 'govcloud_audit_checkpoint_age_seconds']) {
      expect(sample(text, age) ?? Number.NaN, age).toBeNaN()
    }
  })

  it('answers only GET /metrics on its port', async () => {
    expect((await fetch(metricsUrl.replace('/metrics', '/'))).status).toBe(404)
    expect((await fetch(metricsUrl, { method: 'POST' })).status).toBe(404)
  })
})

describe("a worker's /metrics", () => {
  it("reads the queue's depth and oldest age by kind from the database at each scrape", async () => {
    const kind = `metrics.test_${Date.now()}`
    await enqueue(database.db, { kind, key: 'a', runAt: new Date(Date.now() - 90_000) })
    await enqueue(database.db, { kind, key: 'b' })
    // Not yet due: waiting for its time, not in the queue's depth.
    await enqueue(database.db, { kind, key: 'c', runAt: new Date(Date.now() + 3_600_000) })
    const text = await scrape(workerUrl)
    expect(sample(text, 'govcloud_job_queue_depth', { kind, state: 'queued' })).toBe(2)
    expect(sample(text, 'govcloud_job_queue_oldest_age_seconds', { kind })).toBeGreaterThanOrEqual(85)

    await database.db.$executeRaw`DELETE FROM "Job" WHERE kind = ${kind}`
    // A kind with nothing waiting is gone from the scrape, not stuck at its last figure.
    expect(sample(await scrape(workerUrl), 'govcloud_job_queue_depth', { kind })).toBeUndefined()
  })

  it("reads the metering's lag and the audit checkpoint's age, NaN while there is none", async () => {
    let text = await scrape(workerUrl)
    expect(sample(text, 'govcloud_metering_lag_seconds')).toBeNaN()
    expect(sample(text, 'govcloud_audit_checkpoint_age_seconds')).toBeNaN()

    const hourStart = new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000 - 3 * 3_600_000)
    await database.db.$executeRaw`
      INSERT INTO "MeteringHour" (hour, passes, "firstAt", "lastAt", appended)
      VALUES (${hourStart}::timestamp, 1, timezone('UTC', now()), timezone('UTC', now()), 0)`
    text = await scrape(workerUrl)
    // The hour ended two hours and some minutes ago.
    const lag = sample(text, 'govcloud_metering_lag_seconds')!
    expect(lag).toBeGreaterThanOrEqual(2 * 3600)
    expect(lag).toBeLessThan(3 * 3600)
    expect(text).toContain('# TYPE govcloud_reconcile_duration_seconds histogram')
  })
})
