import type { Db } from '../db/client'
import { auditCheckpointAge, jobsFailed, meteringLag, queueDepth, queueOldestAge } from './metrics'

// The gauges whose truth is in the database, read when Prometheus scrapes (never on a timer):
// the queue by kind, the metering's newest hour, the audit trail's newest checkpoint. A worker
// copy reads the same figures as its twin; the alert rules take the max over copies.

interface QueueRow {
  kind: string
  state: string
  jobs: bigint
  oldest_seconds: number | null
}

interface AgeRow {
  seconds: number | null
}

export async function readDatabaseGauges(db: Db): Promise<void> {
  const [queue, failed, metering, checkpoint] = await Promise.all([
    db.$queryRaw<QueueRow[]>`
      SELECT kind, state::text AS state, count(*) AS jobs,
             extract(epoch FROM timezone('UTC', now()) - min("runAt") FILTER (WHERE state = 'queued'))::float8 AS oldest_seconds
        FROM "Job"
       WHERE state = 'running' OR (state = 'queued' AND "runAt" <= timezone('UTC', now()))
       GROUP BY kind, state`,
    db.$queryRaw<{ kind: string; jobs: bigint }[]>`
      SELECT kind, count(*) AS jobs FROM "Job"
       WHERE state = 'failed' AND "finishedAt" > timezone('UTC', now()) - interval '24 hours'
       GROUP BY kind`,
    db.$queryRaw<AgeRow[]>`
      SELECT extract(epoch FROM timezone('UTC', now()) - (max(hour) + interval '1 hour'))::float8 AS seconds
        FROM "MeteringHour"`,
    db.$queryRaw<AgeRow[]>`
      SELECT extract(epoch FROM timezone('UTC', now()) - max("createdAt"))::float8 AS seconds FROM "AuditCheckpoint"`,
  ])
  // A kind with nothing waiting must read 0, not keep its last figure.
  queueDepth.reset()
  queueOldestAge.reset()
  jobsFailed.reset()
  for (const row of queue) {
    queueDepth.set({ kind: row.kind, state: row.state }, Number(row.jobs))
    if (row.oldest_seconds !== null) queueOldestAge.set({ kind: row.kind }, Math.max(0, row.oldest_seconds))
  }
  for (const row of failed) jobsFailed.set({ kind: row.kind }, Number(row.jobs))
  setAge(meteringLag, metering[0]?.seconds ?? null)
  setAge(auditCheckpointAge, checkpoint[0]?.seconds ?? null)
}

/** No hour metered or no checkpoint yet: NaN, which no "older than" rule mistakes for fresh. */
function setAge(gauge: typeof meteringLag, seconds: number | null): void {
  gauge.set(seconds === null ? Number.NaN : Math.max(0, seconds))
}
