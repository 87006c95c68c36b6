import { Counter, Gauge, Histogram, register } from 'prom-client'

// The console's own metrics in Prometheus's format (issue 16, decision 0065): one home for their
// names, labels and buckets. Every process registers them in prom-client's default registry; the
// web tier's primary process serves the sum over its page processes (bin/serve.mjs), each worker
// its own (./metrics-server.ts). Labels never carry a tenant's name, an address or a user: a
// route's id, a job's kind, an outcome.

/**
 * The metric already registered under this name in this process, or a new one. A module may be
 * evaluated more than once while prom-client's registry lives on (vitest evaluates each test file's
 * modules afresh but keeps node_modules loaded), and registering a name twice throws.
 */
function once<C extends { name: string }, M>(config: C, make: (config: C) => M): M {
  return (register.getSingleMetric(config.name) as M | undefined) ?? make(config)
}

/** Sign-ins that ended on the problem page, by why (app/utils/sign-in.server.ts). */
export const signInFailures = once(
  {
    name: 'govcloud_sign_in_failures_total',
    help: 'Sign-ins that ended on the problem page, by problem (denied, failed, tooMany, unavailable).',
    labelNames: ['problem'] as const,
  },
  (config) => new Counter(config),
)

/** One project's reconcile pass: how it ended and how long it took. */
export const reconcileDuration = once(
  {
    name: 'govcloud_reconcile_duration_seconds',
    help: "One project's reconcile pass, by outcome (in_sync, repaired, failed).",
    labelNames: ['outcome'] as const,
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
  },
  (config) => new Histogram(config),
)

/** What a pass's outcome says, as the metric's label. */
export function reconcileOutcome(outcome: { error: unknown; drift: readonly unknown[]; writes: number }): string {
  if (outcome.error) return 'failed'
  return outcome.drift.length > 0 || outcome.writes > 0 ? 'repaired' : 'in_sync'
}

/**
 * Gauges read from the database at each scrape (./database-gauges.ts fills them), by the workers
 * only. The web tier's page processes load this module too (the sign-in counter) and so hold these
 * gauges unread; its primary sums its processes' metrics (bin/serve.mjs), which turned them into
 * 0s: a fresh metering lag and checkpoint age beside the workers' real ones, under which
 * GovcloudAuditCheckpointStale's min(...) > 2h could never fire. `omit` leaves them out of that sum.
 */
const READ_BY_WORKERS = { aggregator: 'omit' } as const

export const queueDepth = once(
  {
    ...READ_BY_WORKERS,
    name: 'govcloud_job_queue_depth',
    help: 'Jobs waiting to run (queued and due, or running), by kind and state.',
    labelNames: ['kind', 'state'] as const,
  },
  (config) => new Gauge(config),
)

export const queueOldestAge = once(
  {
    ...READ_BY_WORKERS,
    name: 'govcloud_job_queue_oldest_age_seconds',
    help: 'How long the oldest due, queued job of each kind has waited.',
    labelNames: ['kind'] as const,
  },
  (config) => new Gauge(config),
)

export const jobsFailed = once(
  {
    ...READ_BY_WORKERS,
    name: 'govcloud_jobs_failed',
    help: 'Jobs that failed for good (attempts used up) in the last 24 hours, by kind.',
    labelNames: ['kind'] as const,
  },
  (config) => new Gauge(config),
)

/**
 * An age gauge without labels, which prom-client would start at 0: it starts as NaN, "nothing
 * measured" (./database-gauges.ts), which min and max pass over, in a process that serves it
 * without reading it (the development server, vite.config.ts, which is one process, no sum).
 */
function unmeasuredAge(config: { name: string; help: string; aggregator: 'omit' }): Gauge {
  const gauge = new Gauge(config)
  gauge.set(Number.NaN)
  return gauge
}

export const meteringLag = once(
  {
    ...READ_BY_WORKERS,
    name: 'govcloud_metering_lag_seconds',
    help: 'Seconds since the end of the newest hour the metering has written records for.',
  },
  unmeasuredAge,
)

export const auditCheckpointAge = once(
  {
    ...READ_BY_WORKERS,
    name: 'govcloud_audit_checkpoint_age_seconds',
    help: "Seconds since the audit trail's newest signed checkpoint.",
  },
  unmeasuredAge,
)

export { register as metricsRegistry }
