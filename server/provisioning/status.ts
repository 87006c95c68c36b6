// What the project page shows of provisioning (polled by the page): phase, conditions with
// reasons, drift, when it was last looked at, and whether work is queued or running.
import type { Db } from '../db/client'
import type { Condition } from './intent'
import { RECONCILE_JOB } from '../jobs/shared-with-sql'

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
  readonly deletedAt: Date | null
  /**
   * Quota keys whose current use is above the (lowered) quota: Kubernetes then refuses new pods
   * until use falls. Empty when none.
   */
  readonly quotaBelowUsage: readonly { readonly resource: string; readonly used: string; readonly hard: string }[]
  readonly postureNotes: readonly { readonly code: string; readonly severity: string; readonly message: string }[]
  /**
   * What the last pass that found drift found (from its audit entry; the status row only keeps
   * when): each target and the fields that differed. Null when drift was never found.
   */
  readonly lastDrift: {
    readonly at: Date
    readonly auditSeq: string
    readonly items: readonly { readonly target: string; readonly fields: readonly string[] }[]
  } | null
  /** queued, running, or null when no work is pending. */
  readonly job: {
    readonly state: 'queued' | 'running'
    readonly attempts: number
    readonly runAt: Date
    readonly lastError: string | null
  } | null
}

/** Null when the project was never provisioned (no allocation yet). Callers authorise first. */
export async function provisioningView(db: Db, projectId: string): Promise<ProvisioningView | null> {
  const [status, job, drift] = await Promise.all([
    db.provisioningStatus.findUnique({ where: { projectId } }),
    db.job.findFirst({
      where: { kind: RECONCILE_JOB, key: projectId, state: { in: ['queued', 'running'] } },
      orderBy: { state: 'desc' },
      select: { state: true, attempts: true, runAt: true, lastError: true },
    }),
    db.auditEntry.findFirst({
      where: { entityType: 'Project', entityId: projectId, action: 'provisioning.drift_repaired' },
      orderBy: { seq: 'desc' },
      select: { seq: true, at: true, before: true },
    }),
  ])
  if (!status && !job) return null
  const details = (status?.details ?? {}) as {
    quotaBelowUsage?: ProvisioningView['quotaBelowUsage']
    postureNotes?: ProvisioningView['postureNotes']
  }
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
    deletedAt: status?.deletedAt ?? null,
    quotaBelowUsage: Array.isArray(details.quotaBelowUsage) ? details.quotaBelowUsage : [],
    postureNotes: Array.isArray(details.postureNotes) ? details.postureNotes : [],
    lastDrift: drift ? { at: drift.at, auditSeq: drift.seq.toString(), items: driftItems(drift.before) } : null,
    job:
      job && (job.state === 'queued' || job.state === 'running')
        ? { state: job.state, attempts: job.attempts, runAt: job.runAt, lastError: job.lastError }
        : null,
  }
}

function driftItems(before: unknown): { target: string; fields: string[] }[] {
  const drift = (before as { drift?: unknown } | null)?.drift
  if (!Array.isArray(drift)) return []
  return drift.flatMap((item: { target?: unknown; fields?: unknown }) =>
    typeof item?.target === 'string'
      ? [
          {
            target: item.target,
            fields: Array.isArray(item.fields) ? item.fields.filter((f): f is string => typeof f === 'string') : [],
          },
        ]
      : [],
  )
}

/** Drift older than this leaves the operators' list (the audit log keeps it for good). */
export const DRIFT_WINDOW_DAYS = 30

export interface AttentionRow {
  readonly projectId: string
  readonly phase: string
  readonly driftDetected: boolean
  readonly lastDriftAt: Date | null
  /** The Degraded=True condition, when there is one. */
  readonly degraded: Condition | null
  readonly lastError: string | null
  /** When it needed attention: the later of the drift and the degradation. */
  readonly since: Date
}

/**
 * The tenants that need an operator's eye, newest first: Degraded (or failed) now, or drift found
 * in the last DRIFT_WINDOW_DAYS. For every agency; callers authorise (`provisioning.list`).
 */
export async function listNeedingAttention(
  db: Db,
  page: { skip: number; take: number; now?: Date },
): Promise<{ total: number; rows: AttentionRow[] }> {
  const since = new Date((page.now ?? new Date()).getTime() - DRIFT_WINDOW_DAYS * 86_400_000)
  const rows = await db.$queryRaw<
    {
      projectId: string
      phase: string
      driftDetected: boolean
      lastDriftAt: Date | null
      degraded: Condition | null
      lastError: string | null
      since: Date
      total: bigint
    }[]
  >`
    WITH flagged AS (
      SELECT s."projectId", s."phase", s."driftDetected", s."lastError", s."lastReconciledAt",
        CASE WHEN s."lastDriftAt" >= ${since} THEN s."lastDriftAt" END AS "lastDriftAt",
        (SELECT c FROM jsonb_array_elements(CASE WHEN jsonb_typeof(s."conditions") = 'array' THEN s."conditions" ELSE '[]'::jsonb END) c
          WHERE c->>'type' = 'Degraded' AND c->>'status' = 'True' LIMIT 1) AS "degraded"
      FROM "ProvisioningStatus" s
    )
    SELECT f."projectId"::text AS "projectId", f."phase", f."driftDetected", f."lastDriftAt", f."degraded", f."lastError",
      COALESCE(GREATEST(f."lastDriftAt", (f."degraded"->>'lastTransitionTime')::timestamptz), f."lastReconciledAt", now()) AS "since",
      count(*) OVER () AS "total"
    FROM flagged f
    WHERE f."lastDriftAt" IS NOT NULL OR f."degraded" IS NOT NULL OR f."phase" IN ('degraded', 'failed')
    ORDER BY "since" DESC, f."projectId" DESC
    OFFSET ${page.skip} LIMIT ${page.take}`
  const total = rows[0]
    ? Number(rows[0].total)
    : page.skip > 0
      ? (await listNeedingAttention(db, { skip: 0, take: 1, now: page.now })).total
      : 0
  return {
    total,
    rows: rows.map((r) => ({
      projectId: r.projectId,
      phase: r.phase,
      driftDetected: r.driftDetected,
      lastDriftAt: r.lastDriftAt,
      degraded: r.degraded,
      lastError: r.lastError,
      since: r.since,
    })),
  }
}
