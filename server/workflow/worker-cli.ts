// The workflow worker process: `tsx server/workflow/worker-cli.ts` (npm run worker:workflow).
// Sends the e-mail of notifications, auto-approves decreases when the policy allows it, runs
// the expiry sweeps (requests and waivers) and, when Keycloak is configured, the directory sync and
// the agencies' group sync (decision 0052). Wakes on the queue's NOTIFY; several may run at once (one per replica).
// With METRICS_URL it meters usage from the time-series store into hourly records, in a loop of its
// own so a long catch-up never holds up e-mail (decision 0047); the same loop closes each month's
// statements once its last hour has had the late pass (decision 0048), and evaluates the
// threshold alerts of use and budgets after each metered hour (decision 0050).
import { assertSupportedRuntime } from '../config/runtime'
import { createDb, createDriverPool } from '../db/client'
import { runUntilSignalled } from '../jobs/process'
import { combineWorkers, startWorker } from '../jobs/worker'
import { bucketAlertHandlers, bucketAlertSchedule } from '../budgets/bucket-alerts'
import { alertHandlers, alertSchedule } from '../budgets/job'
import { statementHandlers, statementSchedule } from '../metering/close-statements'
import { meteringHandlers, meteringSchedule } from '../metering/job'
import { meteringStore, parseMeteringEnv } from '../metering/settings'
import { jobResultLogger } from '../jobs/log-result'
import { log, logAllOutput } from '../observability/log'
import { startMetricsServer } from '../observability/metrics-server'
import { policyInForce } from '../policies/store'
import { parseWorkflowEnv, workflowDeps, workflowHandlers, workflowSchedule } from './jobs'

logAllOutput()
/** This process's lines: JSON, each job's with its request id (decision 0070). */
const out = log.child({ source: 'workflow' })
assertSupportedRuntime()
const env = parseWorkflowEnv()
const meteringEnv = parseMeteringEnv()
const db = createDb(env.DATABASE_URL, { poolSize: env.WORKFLOW_CONCURRENCY + 4 })
const deps = workflowDeps(db, env)
const holder = `workflow:${process.pid}`
const logResult = jobResultLogger(out)
const worker = startWorker({
  db,
  holder,
  concurrency: env.WORKFLOW_CONCURRENCY,
  leaseMs: env.WORKFLOW_LEASE_SECONDS * 1000,
  handlers: workflowHandlers(deps, {
    onSweep: (report) => {
      if (report.expired.length || report.refused.length || report.warned) {
        out.info(
          `expiry sweep: ${report.expired.length} expired, ${report.warned} warned, ${report.refused.length} refused${report.refused.map((r) => ` ${r.requestId}:${r.code}`).join('')}`,
        )
      }
    },
    onWaiverSweep: (report) => {
      if (report.expired.length || report.warned.length) {
        out.info(
          `waiver sweep: ${report.expired.length} expired, ${report.warned.length} warned${report.warned.map((w) => ` #${w.number}:${w.days}d`).join('')}`,
        )
      }
    },
    onDirectorySync: (report) => {
      out.info(
        `directory sync: ${Object.entries(report)
          .map(([role, r]) => `${role} ${r.members} (+${r.added} −${r.removed})`)
          .join(', ')}`,
      )
    },
    onAgencyGroupSync: (report) => {
      if (report.created || report.updated || report.groupsWithoutAgency || report.agenciesWithoutGroup)
        out.info(
          `agency groups: ${report.created} made, ${report.updated} rewritten; open reports: ${report.groupsWithoutAgency} groups without an agency, ${report.agenciesWithoutGroup} agencies without a group`,
        )
    },
  }),
  periodic: workflowSchedule(
    env.EXPIRY_SWEEP_SECONDS * 1000,
    deps.directory ? { everyMs: env.DIRECTORY_SYNC_SECONDS * 1000 } : null,
  ),
  pollMs: 1_000,
  onResult: logResult,
})
const store = meteringStore(meteringEnv)
// The metering's write path COPYs each page into its hour's stage: one connection a pass (connects when first used).
const meteringPool = createDriverPool(env.DATABASE_URL, { poolSize: 2 })
const metering = store
  ? startWorker({
      db,
      holder: `${holder}:metering`,
      concurrency: 1,
      handlers: {
        ...meteringHandlers({
          db,
          pool: meteringPool,
          store,
          log: (line) => out.info(`metering ${line}`),
        }),
        ...statementHandlers({ db, log: (line) => out.info(`statements ${line}`) }),
        ...alertHandlers({ db, log: (line) => out.info(`alerts ${line}`) }),
        ...bucketAlertHandlers({
          db,
          store,
          windowSeconds: meteringEnv.METERING_PERIOD_SECONDS,
          log: (line) => out.info(`alerts ${line}`),
        }),
      },
      periodic: [
        ...meteringSchedule(meteringEnv.METERING_PERIOD_SECONDS * 1000),
        ...statementSchedule(meteringEnv.METERING_PERIOD_SECONDS * 1000),
        ...alertSchedule(meteringEnv.METERING_PERIOD_SECONDS * 1000),
        // A bucket over its own quota is flagged within one metering interval, not at the hour's end.
        ...bucketAlertSchedule(meteringEnv.METERING_PERIOD_SECONDS * 1000),
      ],
      // A page of projects is one query round; the lease outlives the slowest the store allows.
      leaseMs: 2 * meteringEnv.METRICS_TIMEOUT_SECONDS * 1000,
      pollMs: 1_000,
      onResult: logResult,
    })
  : null
const metrics = env.METRICS_LISTEN ? await startMetricsServer(env.METRICS_LISTEN, db) : null
await runUntilSignalled({
  databaseUrl: env.DATABASE_URL,
  worker: metering ? combineWorkers(worker, metering) : worker,
  close: async () => {
    metrics?.close()
    deps.mailer?.close()
    await meteringPool.end()
    await db.$disconnect()
  },
})
const inForce = await policyInForce(db)
const policy = inForce.approval
out.info(
  `worker ${holder} started; e-mail ${deps.mailer ? 'on' : 'off (SMTP_URL is not set)'}; auto-approval of decreases ${policy.autoApproveDecreases ? 'on' : 'off'}, of one-step increases ${policy.autoApproveIncreases ? `on (use ≥ ${policy.increaseRule.usagePercent}%)` : 'off'} (policy version ${inForce.version}, edited in the console); directory and agency-group sync ${deps.directory ? 'on' : 'off (OIDC_ISSUER, KEYCLOAK_WORKFLOW_CLIENT_ID, KEYCLOAK_WORKFLOW_CLIENT_SECRET not set)'}; metering ${store ? `every ${meteringEnv.METERING_PERIOD_SECONDS} s` : 'off (METRICS_URL is not set)'}`,
)
