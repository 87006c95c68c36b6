// What the console's own database says of a page of projects for one hour (decision 0047): the
// grants at the hour's end (the ledger is append-only and dated, so a past hour's grant is known
// exactly), what the quotas counted as requested near the hour's end, what is recorded already,
// and the pools' physical capacity that bounds a believable reading.
import type { Db } from '../db/client'
import type { RecordedHour } from './plan'

export interface MeteredProject {
  readonly id: string
  readonly namespace: string
}

/** A project's resource → amount. */
export type Amounts = Map<string, bigint>

/** Projects that hold or held an allocation, in pages by id: what the job meters. */
export async function projectPage(db: Db, after: string | null, size: number): Promise<MeteredProject[]> {
  return db.$queryRaw<MeteredProject[]>`
    SELECT p."id", p."namespace" FROM "Project" p
     WHERE EXISTS (SELECT 1 FROM "Allocation" a WHERE a."projectId" = p."id")
       AND (${after}::uuid IS NULL OR p."id" > ${after}::uuid)
     ORDER BY p."id" LIMIT ${size}`
}

function byProject(rows: { projectId: string; resource: string; amount: bigint }[]): Map<string, Amounts> {
  const out = new Map<string, Amounts>()
  for (const row of rows) {
    let amounts = out.get(row.projectId)
    if (!amounts) out.set(row.projectId, (amounts = new Map<string, bigint>()))
    amounts.set(row.resource, row.amount)
  }
  return out
}

/** The ledger's totals per project and resource as they stood at `at`. */
export async function grantsAt(db: Db, ids: readonly string[], at: Date): Promise<Map<string, Amounts>> {
  const rows = await db.$queryRaw<{ projectId: string; resource: string; amount: bigint }[]>`
    SELECT "projectId"::text AS "projectId", "resource", sum("delta")::bigint AS "amount" FROM "LedgerEntry"
     WHERE "projectId" = ANY(${ids}::uuid[]) AND "createdAt" < timezone('UTC', ${at}::timestamptz)
     GROUP BY "projectId", "resource"`
  return byProject(rows)
}

/** How long after an hour's end the quota's latest count still speaks for that hour. */
const REQUESTED_GRACE_MS = 15 * 60_000

/**
 * What each quota counted as requested (status.used, recorded by the provisioning pass) when it was
 * observed within the hour or just after it; older or newer observations say nothing of the hour.
 */
export async function requestsAt(
  db: Db,
  ids: readonly string[],
  hour: Date,
  hourEnd: Date,
): Promise<Map<string, Amounts>> {
  const rows = await db.$queryRaw<{ projectId: string; resource: string; amount: bigint }[]>`
    SELECT "projectId"::text AS "projectId", "resource", "used" AS "amount" FROM "QuotaUsage"
     WHERE "projectId" = ANY(${ids}::uuid[])
       AND "observedAt" >= timezone('UTC', ${hour}::timestamptz) AND "observedAt" < timezone('UTC', ${new Date(hourEnd.getTime() + REQUESTED_GRACE_MS)}::timestamptz)`
  return byProject(rows)
}

/** The current (highest) revision of each project's records for the hour, by `projectId resource`. */
export async function recordedHours(db: Db, ids: readonly string[], hour: Date): Promise<Map<string, RecordedHour>> {
  const rows = await db.$queryRaw<(RecordedHour & { projectId: string; resource: string })[]>`
    SELECT DISTINCT ON ("projectId", "resource") "projectId"::text AS "projectId", "resource", "revision",
           "granted", "requested", "used", "usedPeak", "refusal"
      FROM "UsageRecord" WHERE "projectId" = ANY(${ids}::uuid[]) AND "hour" = timezone('UTC', ${hour}::timestamptz)
     ORDER BY "projectId", "resource", "revision" DESC`
  return new Map(rows.map(({ projectId, resource, ...recorded }) => [recordKey(projectId, resource), recorded]))
}

/** A bucket a restore made, with its quota (its copy's bytes, reserved from the object storage granted). */
export interface RestoredBucket {
  readonly name: string
  readonly quotaBytes: bigint
}

/**
 * The buckets restores made for each project before `at` (decision 0056): kept by the project
 * after the copy, so their bytes are its object storage like its data buckets' (decision 0076),
 * and each is held to its own quota as they are (decision 0086).
 */
export async function restoredBucketsBefore(
  db: Db,
  ids: readonly string[],
  at: Date,
): Promise<Map<string, RestoredBucket[]>> {
  const rows = await db.bucketRestore.findMany({
    where: { projectId: { in: [...ids] }, requestedAt: { lt: at } },
    select: { projectId: true, bucket: true, quotaBytes: true },
    orderBy: { bucket: 'asc' },
  })
  const out = new Map<string, RestoredBucket[]>()
  for (const row of rows)
    out.set(row.projectId, [...(out.get(row.projectId) ?? []), { name: row.bucket, quotaBytes: row.quotaBytes }])
  return out
}

export const recordKey = (projectId: string, resource: string) => `${projectId} ${resource}`

/** The physical capacity of every pool per resource: ten times this is beyond belief. */
export async function capacityCeilings(db: Db): Promise<Amounts> {
  const rows = await db.$queryRaw<{ resource: string; physical: bigint }[]>`
    SELECT "resource", sum("physical")::bigint AS "physical" FROM "PoolResource" GROUP BY "resource"`
  return new Map(rows.map((r) => [r.resource, r.physical]))
}
