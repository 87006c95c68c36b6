// The provisioning worker process: `tsx server/provisioning/worker-cli.ts`. Claims reconcile jobs
// from PostgreSQL, runs the periodic full pass, wakes on NOTIFY. Several may run at once.
import { createDb } from '../db/client'
import { runUntilSignalled } from '../jobs/process'
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
  handlers: provisioningHandlers(deps, {
    holder,
    concurrency: env.PROVISIONING_CONCURRENCY,
    leaseMs: env.PROVISIONING_LEASE_SECONDS * 1000,
  }),
  periodic: provisioningSchedule(env.PROVISIONING_PERIOD_SECONDS * 1000),
  leaseMs: env.PROVISIONING_LEASE_SECONDS * 1000,
  pollMs: 1_000,
  onResult: (job, result) => {
    if (result.status !== 'done')
      console.error(`[provisioning] ${job.kind} ${job.key}: ${result.status}: ${'error' in result ? result.error : ''}`)
  },
})
await runUntilSignalled({
  databaseUrl: env.DATABASE_URL,
  worker,
  close: async () => {
    await deps.close()
    await db.$disconnect()
  },
})
console.error(`[provisioning] worker ${holder} started`)
