// Findings: what the scanner saw, kept as history (issue 13). A scan speaks for a scope (some
// checks, maybe some namespaces); within it each observation opens a finding or keeps the open
// one up to date (last seen, severity, detail), and every open finding it did not see again is
// resolved, never deleted. One statement each way, so that a scan of 10,000 objects is two round
// trips, not 10,000.
import { v7 as uuidv7 } from 'uuid'
import { Prisma } from '../db/generated/client'
import type { Db } from '../db/client'
import type { Severity } from './catalogue'

/** What a finding is about: a kind (Deployment, Bucket, AccessKey, ApiServer, ...), where, which. */
export interface SubjectRef {
  readonly kind: string
  /** The namespace, or '' for what lives outside one (buckets, keys and the platform use the project's namespace or ''). */
  readonly namespace: string
  readonly name: string
}

export type FindingDetail = Readonly<Record<string, string | number | readonly string[]>>

/** One object failing one check, as a scan saw it. */
export interface Observation {
  readonly checkId: string
  readonly subject: SubjectRef
  readonly projectId: string | null
  readonly agencyId: string | null
  readonly securityLevel: number | null
  readonly severity: Severity
  readonly detail: FindingDetail
}

/** Which open findings a scan speaks for: those of these checks, in these namespaces (all when absent). */
export interface ScanScope {
  readonly checkIds: readonly string[]
  readonly namespaces?: readonly string[]
}

export interface RecordedFindings {
  readonly opened: number
  readonly seen: number
  readonly resolved: number
}

/** The same finding seen twice in one scan (two rules, one object) counts once: the last wins. */
function distinct(observations: readonly Observation[]): Observation[] {
  const byKey = new Map<string, Observation>()
  for (const o of observations)
    byKey.set(JSON.stringify([o.checkId, o.subject.kind, o.subject.namespace, o.subject.name]), o)
  return [...byKey.values()]
}

/**
 * Records what a scan at `at` saw within `scope`: opens what is new, refreshes what is still
 * there, resolves what is gone. Observations outside the scope's checks are refused (a scan must
 * not open what it would never resolve).
 */
export async function recordFindings(
  db: Db,
  scope: ScanScope,
  observations: readonly Observation[],
  at: Date,
): Promise<RecordedFindings> {
  const stray = observations.find((o) => !scope.checkIds.includes(o.checkId))
  if (stray) throw new Error(`observation of ${stray.checkId} outside the scan's checks`)
  const rows = distinct(observations)
  return db.$transaction(async (tx) => {
    const upserted =
      rows.length === 0
        ? []
        : await tx.$queryRaw<Array<{ inserted: boolean }>>`
          INSERT INTO "SecurityFinding" AS f ("id", "checkId", "subjectKind", "subjectNamespace", "subjectName",
            "projectId", "agencyId", "securityLevel", "severity", "detail", "firstSeenAt", "lastSeenAt")
          SELECT o.*, ${at}, ${at} FROM unnest(
            ${rows.map(() => uuidv7())}::uuid[],
            ${rows.map((o) => o.checkId)}::text[], ${rows.map((o) => o.subject.kind)}::text[],
            ${rows.map((o) => o.subject.namespace)}::text[], ${rows.map((o) => o.subject.name)}::text[],
            ${rows.map((o) => o.projectId)}::uuid[], ${rows.map((o) => o.agencyId)}::uuid[],
            ${rows.map((o) => o.securityLevel)}::int[], ${rows.map((o) => o.severity)}::"FindingSeverity"[],
            ${rows.map((o) => JSON.stringify(o.detail))}::jsonb[]) AS o
          ON CONFLICT ("checkId", "subjectKind", "subjectNamespace", "subjectName") WHERE "resolvedAt" IS NULL
          DO UPDATE SET "lastSeenAt" = EXCLUDED."lastSeenAt", "severity" = EXCLUDED."severity",
            "detail" = EXCLUDED."detail", "securityLevel" = EXCLUDED."securityLevel",
            "projectId" = EXCLUDED."projectId", "agencyId" = EXCLUDED."agencyId"
          RETURNING (xmax = 0) AS inserted`
    const namespaces = scope.namespaces
      ? Prisma.sql`AND "subjectNamespace" = ANY(${[...scope.namespaces]}::text[])`
      : Prisma.empty
    const resolved = await tx.$executeRaw`
      UPDATE "SecurityFinding" SET "resolvedAt" = ${at}
       WHERE "resolvedAt" IS NULL AND "checkId" = ANY(${[...scope.checkIds]}::text[]) AND "lastSeenAt" < ${at} ${namespaces}`
    const opened = upserted.filter((row) => row.inserted).length
    return { opened, seen: upserted.length - opened, resolved }
  })
}
