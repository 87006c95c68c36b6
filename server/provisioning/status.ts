// What the project page shows of provisioning (polled by the page): phase, conditions with
// reasons, drift, when it was last looked at, and whether work is queued or running.
import type { Db } from '../db/client'
import type { Condition } from './intent'
import { RECONCILE_JOB } from './reconcile'

export interface ProvisioningView {
  readonly phase: string
  readonly conditions: readonly Condition[]
  readonly observedGeneration: number
  readonly generation: number
  readonly lastReconciledAt: Date | null
  readonly lastSucceededAt: Date | null
  readonly lastError: string | null
  readonly driftDetected: boolean
  readonly lastDriftAt: Date | null
  readonly deleteAfter: Date | null
  readonly details: Record<string, unknown>
  /** queued, running, or null when no work is pending. */
  readonly job: { readonly state: 'queued' | 'running'; readonly attempts: number; readonly runAt: Date; readonly lastError: string | null } | null
}

/** Null when the project was never provisioned (no allocation yet). Callers authorise first. */
export async function provisioningView(db: Db, projectId: string): Promise<ProvisioningView | null> {
  const [status, job] = await Promise.all([
    db.provisioningStatus.findUnique({ where: { projectId } }),
    db.job.findFirst({
      where: { kind: RECONCILE_JOB, key: projectId, state: { in: ['queued', 'running'] } },
      orderBy: { state: 'desc' },
      select: { state: true, attempts: true, runAt: true, lastError: true },
    }),
  ])
  if (!status && !job) return null
  return {
    phase: status?.phase ?? 'provisioning',
    conditions: (status?.conditions ?? []) as unknown as Condition[],
    observedGeneration: status?.observedGeneration ?? 0,
    generation: status?.generation ?? 0,
    lastReconciledAt: status?.lastReconciledAt ?? null,
    lastSucceededAt: status?.lastSucceededAt ?? null,
    lastError: status?.lastError ?? null,
    driftDetected: status?.driftDetected ?? false,
    lastDriftAt: status?.lastDriftAt ?? null,
    deleteAfter: status?.deleteAfter ?? null,
    details: (status?.details ?? {}) as Record<string, unknown>,
    job: job && (job.state === 'queued' || job.state === 'running') ? { state: job.state, attempts: job.attempts, runAt: job.runAt, lastError: job.lastError } : null,
  }
}
