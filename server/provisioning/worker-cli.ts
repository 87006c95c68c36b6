// The provisioning worker process: `tsx server/provisioning/worker-cli.ts`. Claims reconcile jobs
// from PostgreSQL, runs the periodic full pass, wakes on NOTIFY. Several may run at once. It also
// answers the web console's S3 key requests (decision 0032): the only process with the storage's
// admin keys. Key jobs have loops of their own, so a person waiting for a key never queues behind
// reconcile passes; the same loops answer the console's questions about a project's backups (its
// list, a restore, a backup now: decision 0056), since only this process reaches Velero, and a
// restored bucket's copy runs in a lane of its own beside them (decision 0086); they also
// judge every scheduled project's backups every 15 minutes (GC-BAK-01 and the staff's notice). With AUDIT_SIGNING_KEY_FILE it signs the audit trail's checkpoints into their
// object-locked bucket and verifies the trail against them, in a loop of its own (decision 0036).
// With S3_ACCESS_LOG_PORT it receives the storage's S3 access log and records when each key was
// last used (decision 0040, GC-KEY-02).
// It runs the security scans, periodically and on a change the cluster's watch sees (decision 0039).
import { auditDepsFromEnv, startAuditWorker } from '../audit/jobs'
import { reportJson } from '../audit/report'
import { assertSupportedRuntime } from '../config/runtime'
import { createDb } from '../db/client'
import { runUntilSignalled } from '../jobs/process'
import { jobResultLogger } from '../jobs/log-result'
import { log, logAllOutput } from '../observability/log'
import { startMetricsServer } from '../observability/metrics-server'
import { listenForKeyUse } from '../security/key-use/listen'
import { combineWorkers, startWorker } from '../jobs/worker'
import { parseProvisioningEnv } from './config'
import { keySchedule } from './key-worker'
import { COPY_CONCURRENCY, KEY_CONCURRENCY, startKeyLanes } from './key-lanes'
import { backupHealthSchedule } from './backup-health-scan'
import { capacityReadingHandlers, capacityReadingSchedule } from '../pools/readings'
import { provisioningDeps, provisioningHandlers, provisioningSchedule } from './runtime'
import { SCAN_CONCURRENCY, startScanWorker } from './scan-worker'

logAllOutput()
/** This process's lines: JSON, each job's with its request id (decision 0070). */
const out = log.child({ source: 'provisioning' })
assertSupportedRuntime()
const env = parseProvisioningEnv()
const db = createDb(env.DATABASE_URL, {
  poolSize: env.PROVISIONING_CONCURRENCY + KEY_CONCURRENCY + COPY_CONCURRENCY + SCAN_CONCURRENCY + 4,
})
const deps = await provisioningDeps(db, env)
const holder = `worker:${process.pid}`
const logResult = jobResultLogger(out)
const reconciler = startWorker({
  db,
  holder,
  concurrency: env.PROVISIONING_CONCURRENCY,
  handlers: {
    ...provisioningHandlers(deps, {
      holder,
      concurrency: env.PROVISIONING_CONCURRENCY,
      leaseMs: env.PROVISIONING_LEASE_SECONDS * 1000,
      policyInForce: true,
    }),
    // The pools' evidence (decision 0054): this worker holds the platform's credentials.
    ...capacityReadingHandlers(db, {
      kubeConfig: deps.connection.kubeConfig,
      storageMasterUrl: env.SEAWEEDFS_MASTER_URL,
    }),
  },
  periodic: [
    ...provisioningSchedule(env.PROVISIONING_PERIOD_SECONDS * 1000),
    ...capacityReadingSchedule(env.CAPACITY_READING_SECONDS * 1000),
  ],
  leaseMs: env.PROVISIONING_LEASE_SECONDS * 1000,
  pollMs: 1_000,
  onResult: logResult,
})
const keys = startKeyLanes({
  db,
  storage: deps.storage,
  velero: deps.velero ?? null,
  settings: deps.settings,
  holder,
  periodic: [...keySchedule(), ...backupHealthSchedule()],
  leaseMs: env.PROVISIONING_LEASE_SECONDS * 1000,
  pollMs: 1_000,
  onResult: logResult,
})
const audit = auditDepsFromEnv(db)
const auditor = audit
  ? startAuditWorker(audit, {
      holder: `${holder}:audit`,
      events: {
        onCheckpoints: (numbers) => out.info(`audit checkpoint ${numbers.join(', ')} signed`),
        onVerified: (report) => {
          if (!report.intact) out.error({ report: reportJson(report) }, 'audit trail NOT intact')
        },
      },
      onFailure: (job, error) => logResult(job, { status: 'failed', error }),
    })
  : null
const keyUse =
  env.S3_ACCESS_LOG_PORT === undefined
    ? null
    : listenForKeyUse(db, {
        host: '127.0.0.1',
        port: env.S3_ACCESS_LOG_PORT,
        log: (line) => out.info(line),
      })
const scans = startScanWorker({
  db,
  holder,
  kube: deps.connection,
  storage: deps.storage,
  env,
  ...(audit ? { audit: { settings: audit.settings, publicKey: audit.publicKey } } : {}),
  onResult: logResult,
  log: (message) => out.info(`security scan: ${message}`),
})
const metrics = env.METRICS_LISTEN ? await startMetricsServer(env.METRICS_LISTEN, db) : null
await runUntilSignalled({
  databaseUrl: env.DATABASE_URL,
  worker: combineWorkers(reconciler, keys, scans.worker, ...(auditor ? [auditor] : [])),
  close: async () => {
    metrics?.close()
    await keyUse?.close()
    scans.stopWatching()
    audit?.bucket.close()
    await deps.close()
    await db.$disconnect()
  },
})
out.info(
  `worker ${holder} started; audit checkpoints ${audit?.signingKey ? 'signed' : 'not signed (AUDIT_SIGNING_KEY_FILE not set)'}, verified ${audit ? 'on' : 'off (no verification key)'}`,
)
