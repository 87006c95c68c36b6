// Reading intent from the database: what the ledger says each project holds, and what the
// reconciler recorded last time. One query for one project or for all of them.
import type { Db } from '../db/client'
import type { ProjectIntent } from './desired'

export interface StoredStatus {
  readonly projectId: string
  readonly phase: string
  readonly conditions: Condition[]
  readonly generation: number
  readonly desiredHash: string | null
  readonly observedGeneration: number
  readonly observedHash: string | null
  readonly lastError: string | null
  readonly driftDetected: boolean
  readonly details: Record<string, unknown>
  readonly endedAt: Date | null
  readonly deleteAfter: Date | null
  readonly deletedAt: Date | null
}

export interface Condition {
  readonly type: 'Ready' | 'Progressing' | 'Degraded'
  readonly status: 'True' | 'False'
  readonly reason: string
  readonly message: string
  readonly lastTransitionTime: string
}

export interface LoadedProject {
  readonly intent: ProjectIntent
  readonly status: StoredStatus | null
  /** Requests approved but not yet active: the pass moves them along. */
  readonly pendingRequests: number
}


/** Projects the reconciler looks after: every one that has (or had) an allocation. */
export async function loadProjects(db: Db, projectIds?: readonly string[]): Promise<LoadedProject[]> {
  const rows = await db.project.findMany({
    where: { allocation: { isNot: null }, ...(projectIds ? { id: { in: [...projectIds] } } : {}) },
    select: {
      id: true,
      namespace: true,
      slug: true,
      name: true,
      securityLevel: true,
      agency: { select: { code: true, nameVi: true, nameEn: true } },
      allocation: { select: { state: true, backupRetentionDays: true, lines: { select: { resource: true, amount: true } } } },
      _count: { select: { requests: { where: { state: { in: ['approved', 'provisioning'] } } } } },
    },
    orderBy: { id: 'asc' },
  })
  const statuses = await db.provisioningStatus.findMany({ where: { projectId: { in: rows.map((r) => r.id) } } })
  const byProject = new Map(statuses.map((s) => [s.projectId, s]))
  return rows.map((row) => {
    const s = byProject.get(row.id)
    return {
      intent: {
        projectId: row.id,
        namespace: row.namespace,
        slug: row.slug,
        name: row.name,
        securityLevel: row.securityLevel,
        agency: row.agency,
        allocation: row.allocation
          ? {
              state: row.allocation.state,
              backupRetentionDays: row.allocation.backupRetentionDays,
              lines: Object.fromEntries(row.allocation.lines.map((l) => [l.resource, l.amount])),
            }
          : null,
      },
      status: s
        ? {
            projectId: s.projectId,
            phase: s.phase,
            conditions: (s.conditions ?? []) as unknown as Condition[],
            generation: s.generation,
            desiredHash: s.desiredHash,
            observedGeneration: s.observedGeneration,
            observedHash: s.observedHash,
            lastError: s.lastError,
            driftDetected: s.driftDetected,
            details: (s.details ?? {}) as Record<string, unknown>,
            endedAt: s.endedAt,
            deleteAfter: s.deleteAfter,
            deletedAt: s.deletedAt,
          }
        : null,
      pendingRequests: row._count.requests,
    }
  })
}
