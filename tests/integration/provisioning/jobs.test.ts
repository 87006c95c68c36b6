// The durable job queue on the real PostgreSQL: one queued and one running job per tenant,
// SKIP LOCKED claims by concurrent workers, retries with backoff, terminal failures, leases taken
// over after a worker dies, one replica per periodic run, and enqueueing inside a decision's
// transaction (rolled back with it); a job runs as part of the request that queued it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { claim, complete, enqueue, fail, heartbeat, recoverExpiredLeases, takeScheduledRun } from '#server/jobs/queue'
import { startWorker, type JobResult } from '#server/jobs/worker'
import { currentRequestId, withRequestId } from '#server/observability/log'
import { createTestDatabase, type TestDatabase } from '../../helpers/database'
import { makeAgency, makeProject, makeSubmittedRequest, makeUser } from '../../helpers/fixtures'
import { like } from '../../helpers/matchers'
import { until } from '../../helpers/poll'

let t: TestDatabase
beforeAll(async () => {
  t = await createTestDatabase({ poolSize: 20 })
})
afterAll(async () => t?.drop())

const kind = 'test.job'

describe('job queue (PostgreSQL)', () => {
  it('keeps one queued job per tenant and brings it forward when enqueued again', async () => {
    await enqueue(t.db, { kind, key: 'tenant-a', runAt: new Date(Date.now() + 60_000) })
    await enqueue(t.db, { kind, key: 'tenant-a' })
    const rows = await t.db.job.findMany({ where: { kind, key: 'tenant-a' } })
    expect(rows).toHaveLength(1)
    expect(rows[0]!.runAt.getTime()).toBeLessThanOrEqual(Date.now() + 1_000)
  })

  it('lets concurrent workers claim different jobs, and never two jobs of one tenant at once', async () => {
    for (const key of ['tenant-b', 'tenant-c', 'tenant-d']) await enqueue(t.db, { kind, key })
    const claims = await Promise.all(
      Array.from({ length: 6 }, (_, i) => claim(t.db, { kinds: [kind], holder: `w${i}`, leaseMs: 30_000 })),
    )
    const claimed = claims.flat()
    expect(claimed.map((j) => j.key).sort()).toEqual(['tenant-a', 'tenant-b', 'tenant-c', 'tenant-d'])
    // A new job for a tenant whose job is running waits until that one ends.
    await enqueue(t.db, { kind, key: 'tenant-b' })
    expect(await claim(t.db, { kinds: [kind], holder: 'w9', leaseMs: 30_000 })).toEqual([])
    const running = claimed.find((j) => j.key === 'tenant-b')!
    await complete(t.db, running.id)
    expect((await claim(t.db, { kinds: [kind], holder: 'w9', leaseMs: 30_000 })).map((j) => j.key)).toEqual([
      'tenant-b',
    ])
    for (const job of claimed) await complete(t.db, job.id)
  })

  it('retries a failed attempt later with backoff, and stops at a terminal error or the last attempt, saying why', async () => {
    await enqueue(t.db, { kind, key: 'tenant-e', maxAttempts: 2 })
    const [first] = await claim(t.db, { kinds: [kind], holder: 'w', leaseMs: 30_000 })
    expect(first).toMatchObject({ key: 'tenant-e', attempts: 1 })
    expect(await fail(t.db, first!, 'API server unavailable')).toBe('retry')
    const queued = await t.db.job.findUniqueOrThrow({ where: { id: first!.id } })
    expect(queued).toMatchObject({ state: 'queued', lastError: 'API server unavailable' })
    expect(queued.runAt.getTime()).toBeGreaterThan(Date.now() + 200)
    expect(await claim(t.db, { kinds: [kind], holder: 'w', leaseMs: 30_000 })).toEqual([]) // not due yet
    await t.db.job.update({ where: { id: first!.id }, data: { runAt: new Date(Date.now() - 1) } })
    const [second] = await claim(t.db, { kinds: [kind], holder: 'w', leaseMs: 30_000 })
    expect(second?.attempts).toBe(2)
    expect(await fail(t.db, second!, 'still down')).toBe('failed')
    expect(await t.db.job.findUniqueOrThrow({ where: { id: first!.id } })).toMatchObject({
      state: 'failed',
      lastError: 'still down',
    })

    await enqueue(t.db, { kind, key: 'tenant-f' })
    const [invalid] = await claim(t.db, { kinds: [kind], holder: 'w', leaseMs: 30_000 })
    expect(await fail(t.db, invalid!, 'ResourceQuota is invalid', { terminal: true })).toBe('failed')
    expect(await t.db.job.findUniqueOrThrow({ where: { id: invalid!.id } })).toMatchObject({
      state: 'failed',
      attempts: 1,
      lastError: 'ResourceQuota is invalid',
    })
  })

  it('takes over the job of a worker whose lease expired, keeping its attempt count', async () => {
    await enqueue(t.db, { kind, key: 'tenant-g' })
    const [job] = await claim(t.db, { kinds: [kind], holder: 'dead-worker', leaseMs: 50 })
    expect(await heartbeat(t.db, job!.id, 'someone-else', 30_000)).toBe(false)
    await new Promise((r) => setTimeout(r, 100))
    expect(await recoverExpiredLeases(t.db)).toBe(1)
    expect(await t.db.job.findUniqueOrThrow({ where: { id: job!.id } })).toMatchObject({
      state: 'failed',
      lastError: like.stringContaining('lease expired'),
    })
    const [again] = await claim(t.db, { kinds: [kind], holder: 'w', leaseMs: 30_000 })
    expect(again).toMatchObject({ key: 'tenant-g', attempts: 2 })
    await complete(t.db, again!.id)
  })

  it('gives a periodic run to one replica only', async () => {
    const winners = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        takeScheduledRun(t.db, { name: 'test.periodic', everyMs: 60_000, holder: `replica-${i}` }),
      ),
    )
    expect(winners.filter(Boolean)).toHaveLength(1)
    expect(await takeScheduledRun(t.db, { name: 'test.periodic', everyMs: 60_000, holder: 'late' })).toBe(false)
  })

  it('enqueues a project reconcile with an approval, in its transaction: rolled back together', async () => {
    const agencyId = await makeAgency(t.db)
    const projectId = await makeProject(t.db, agencyId)
    const requestId = await makeSubmittedRequest(t.db, {
      projectId,
      agencyId,
      requesterId: await makeUser(t.db),
      lines: { cpu: 1_000n },
    })
    await t.db
      .$transaction(async (tx) => {
        await tx.quotaRequest.update({ where: { id: requestId }, data: { state: 'approved' } })
        expect(await tx.job.count({ where: { key: projectId } })).toBe(1)
        throw new Error('the decision fails after the update')
      })
      .catch(() => undefined)
    expect(await t.db.job.count({ where: { key: projectId } })).toBe(0)
    await t.db.quotaRequest.update({ where: { id: requestId }, data: { state: 'approved' } })
    expect(await t.db.job.findFirst({ where: { key: projectId } })).toMatchObject({
      kind: 'provisioning.reconcile',
      state: 'queued',
    })
  })

  it('runs jobs with workers: done, retried until it works, terminal stops', async () => {
    const seen = new Map<string, number>()
    const results: [string, JobResult['status'] | 'crashed'][] = []
    const run = (key: string): JobResult => {
      const n = (seen.get(key) ?? 0) + 1
      seen.set(key, n)
      if (key === 'flaky' && n < 3) return { status: 'retry', error: 'not yet', delayMs: 10 }
      if (key === 'broken') return { status: 'terminal', error: 'invalid object' }
      return { status: 'done' }
    }
    const worker = startWorker({
      db: t.db,
      concurrency: 3,
      pollMs: 50,
      handlers: { 'test.worker': (job) => Promise.resolve(run(job.key)) },
      onResult: (job, result) => results.push([job.key, result.status]),
    })
    try {
      for (const key of ['ok', 'flaky', 'broken']) await enqueue(t.db, { kind: 'test.worker', key })
      const busy = () => t.db.job.count({ where: { kind: 'test.worker', state: { in: ['queued', 'running'] } } })
      await until('the workers to finish every job', 10_000, async () => (await busy()) === 0, { everyMs: 50 })
    } finally {
      await worker.stop()
    }
    expect(seen.get('flaky')).toBe(3)
    const final = Object.fromEntries(
      (await t.db.job.findMany({ where: { kind: 'test.worker' } })).map((j) => [j.key, j.state]),
    )
    expect(final).toEqual({ ok: 'done', flaky: 'done', broken: 'failed' })
    expect(results.filter(([k]) => k === 'broken')).toEqual([['broken', 'terminal']])
  })

  it("runs a job as part of the request that queued it (the first one's, when brought forward), else as itself", async () => {
    const ran = new Map<string, string | undefined>()
    await withRequestId('REQUEST-0001', () => enqueue(t.db, { kind: 'test.request', key: 'asked' }))
    await withRequestId('REQUEST-0002', () => enqueue(t.db, { kind: 'test.request', key: 'asked' }))
    const scheduled = await enqueue(t.db, { kind: 'test.request', key: 'scheduled' })
    const worker = startWorker({
      db: t.db,
      pollMs: 50,
      handlers: {
        'test.request': async (job) => {
          await new Promise((wait) => setTimeout(wait, 5))
          ran.set(job.key, currentRequestId())
          return { status: 'done' }
        },
      },
    })
    try {
      await until('both jobs to run', 10_000, () => ran.size === 2, { everyMs: 50 })
    } finally {
      await worker.stop()
    }
    expect(Object.fromEntries(ran)).toEqual({ asked: 'REQUEST-0001', scheduled: `job-${scheduled}` })
    const rows = await t.db.job.findMany({ where: { kind: 'test.request' }, orderBy: { key: 'asc' } })
    expect(rows.map((row) => [row.key, row.requestId])).toEqual([
      ['asked', 'REQUEST-0001'],
      ['scheduled', null],
    ])
  })
})
