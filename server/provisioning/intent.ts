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
  /**
   * In English for the API and the stored row: the catalogue's English of `messageKey`, or, when the
   * key is a platform error's (`platform.error.*`), the platform's own words for the data centre.
   */
  readonly message: string
  /** The message in the catalogue (decision 0080); absent on rows written before it and with no message. */
  readonly messageKey?: string
  /** `messageKey`'s parameters: the project's own facts only (counts, its own objects' names). */
  readonly messageParams?: Readonly<Record<string, string | number>>
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
      agency: { select: { id: true, code: true, nameVi: true, nameEn: true } },
      allocation: {
        select: {
          state: true,
          backupRetentionDays: true,
          backupSchedule: true,
          lines: { select: { resource: true, amount: true } },
        },
      },
      bucketRestores: { select: { bucket: true, quotaBytes: true }, orderBy: { bucket: 'asc' } },
      _count: { select: { requests: { where: { state: { in: ['approved', 'provisioning'] } } } } },
    },
    orderBy: { id: 'asc' },
  })
  const statuses = await db.provisioningStatus.findMany({ where: { projectId: { in: rows.map((r) => r.id) } } })
  const parentCodes = await parentCodesOf(
    db,
    rows.map((r) => r.agency.id),
  )
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
        agency: {
          code: row.agency.code,
          nameVi: row.agency.nameVi,
          nameEn: row.agency.nameEn,
          parentCodes: parentCodes.get(row.agency.id) ?? [],
        },
        allocation: row.allocation
          ? {
              state: row.allocation.state,
              backupRetentionDays: row.allocation.backupRetentionDays,
              backupSchedule: row.allocation.backupSchedule,
              lines: Object.fromEntries(row.allocation.lines.map((l) => [l.resource, l.amount])),
            }
          : null,
        ...(row.bucketRestores.length > 0
          ? { restoredBuckets: row.bucketRestores.map((b) => ({ name: b.bucket, quotaBytes: b.quotaBytes })) }
          : {}),
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

/** For each agency, the codes of the agencies above it, nearest first (one query for the tree). */
async function parentCodesOf(db: Db, agencyIds: readonly string[]): Promise<Map<string, string[]>> {
  if (agencyIds.length === 0) return new Map()
  const rows = await db.$queryRaw<{ id: string; codes: string[] }[]>`
    WITH RECURSIVE up AS (
      SELECT a."id" AS start, a."parentId" AS next, 1 AS depth
        FROM "Agency" a WHERE a."id" = ANY(${[...new Set(agencyIds)]}::uuid[]) AND a."parentId" IS NOT NULL
      UNION ALL
      SELECT up.start, p."parentId", up.depth + 1
        FROM up JOIN "Agency" p ON p."id" = up.next
       WHERE up.depth < 32
    )
    SELECT up.start::text AS id, array_agg(p."code" ORDER BY up.depth) AS codes
      FROM up JOIN "Agency" p ON p."id" = up.next
     GROUP BY up.start`
  return new Map(rows.map((r) => [r.id, r.codes]))
}
