// The provisioning worker process: `tsx server/provisioning/worker-cli.ts`. Claims reconcile jobs
// from PostgreSQL, runs the periodic full pass, wakes on NOTIFY. Several may run at once.
import pg from 'pg'
import { createDb } from '../db/client'
import { JOB_CHANNEL } from '../jobs/queue'
import { startWorker } from '../jobs/worker'
import { parseProvisioningEnv } from './config'
import { provisioningDeps, provisioningHandlers, provisioningSchedule } from './runtime'

const env = parseProvisioningEnv()
const db = createDb(env.DATABASE_URL, { poolSize: env.PROVISIONING_CONCURRENCY + 4 })
const deps = await provisioningDeps(db, env)
const holder = `worker:${process.pid}`
const worker = startWorker({
  db,
  holder,
  concurrency: env.PROVISIONING_CONCURRENCY,
  handlers: provisioningHandlers(deps, { holder, concurrency: env.PROVISIONING_CONCURRENCY, leaseMs: env.PROVISIONING_LEASE_SECONDS * 1000 }),
  periodic: provisioningSchedule(env.PROVISIONING_PERIOD_SECONDS * 1000),
  leaseMs: env.PROVISIONING_LEASE_SECONDS * 1000,
  pollMs: 1_000,
  onResult: (job, result) => {
    if (result.status !== 'done') console.error(`[provisioning] ${job.kind} ${job.key}: ${result.status}: ${'error' in result ? result.error : ''}`)
  },
})
const listener = new pg.Client({ connectionString: env.DATABASE_URL })
listener.on('notification', () => worker.wake())
listener.on('error', () => undefined)
await listener.connect()
await listener.query(`LISTEN ${JOB_CHANNEL}`)
console.error(`[provisioning] worker ${holder} started`)

let stopping = false
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    if (stopping) return
    stopping = true
    void (async () => {
      await worker.stop()
      await listener.end().catch(() => undefined)
      await deps.close()
      await db.$disconnect()
      process.exit(0)
    })()
  })
}
