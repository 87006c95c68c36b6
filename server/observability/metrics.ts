import { Counter, Gauge, Histogram, register } from 'prom-client'

// The console's own metrics in Prometheus's format (issue 16, decision 0065): one home for their
// names, labels and buckets. Every process registers them in prom-client's default registry; the
// web tier's primary process serves the sum over its page processes (bin/serve.mjs), each worker
// its own (./metrics-server.ts). Labels never carry a tenant's name, an address or a user: a
// route's id, a job's kind, an outcome.

/** Seconds, from a fast page to a slow export. */
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]

/** Sign-ins that ended on the problem page, by why (app/utils/sign-in.server.ts). */
export const signInFailures = new Counter({
  name: 'govcloud_sign_in_failures_total',
  help: 'Sign-ins that ended on the problem page, by problem (denied, failed, tooMany, unavailable).',
  labelNames: ['problem'] as const,
})

/** One project's reconcile pass: how it ended and how long it took. */
export const reconcileDuration = new Histogram({
  name: 'govcloud_reconcile_duration_seconds',
  help: "One project's reconcile pass, by outcome (in_sync, repaired, failed).",
  labelNames: ['outcome'] as const,
  buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
})

/** What a pass's outcome says, as the metric's label. */
export function reconcileOutcome(outcome: { error: unknown; drift: readonly unknown[]; writes: number }): string {
  if (outcome.error) return 'failed'
  return outcome.drift.length > 0 || outcome.writes > 0 ? 'repaired' : 'in_sync'
}

/** Gauges read from the database at each scrape (./database-gauges.ts fills them). */
export const queueDepth = new Gauge({
  name: 'govcloud_job_queue_depth',
  help: 'Jobs waiting to run (queued and due, or running), by kind and state.',
  labelNames: ['kind', 'state'] as const,
})

export const queueOldestAge = new Gauge({
  name: 'govcloud_job_queue_oldest_age_seconds',
  help: 'How long the oldest due, queued job of each kind has waited.',
  labelNames: ['kind'] as const,
})

export const jobsFailed = new Gauge({
  name: 'govcloud_jobs_failed',
  help: 'Jobs that failed for good (attempts used up) in the last 24 hours, by kind.',
  labelNames: ['kind'] as const,
})

export const meteringLag = new Gauge({
  name: 'govcloud_metering_lag_seconds',
  help: 'Seconds since the end of the newest hour the metering has written records for.',
})

export const auditCheckpointAge = new Gauge({
  name: 'govcloud_audit_checkpoint_age_seconds',
  help: "Seconds since the audit trail's newest signed checkpoint.",
})

export { LATENCY_BUCKETS, register as metricsRegistry }
