// What the metering measured last of a project's resources (decision 0047), for the auto-approval
// rule for increases (server/domain/increase-rule.ts): the use of the newest hour in which it was
// measured, as its current revision says, dated at that hour's end. An hour whose use was refused or
// not measured is skipped, never read as zero.
import type { Db } from '../db/client'
import { HOUR_MS } from './hours'

export interface MeteredUse {
  readonly amount: bigint
  /** The end of the hour whose average this is. */
  readonly observedAt: Date
  readonly metered: true
}

/** The newest measured hour at or after `since`, per resource asked; resources with none are absent. */
export async function latestMeteredUse(
  db: Db,
  projectId: string,
  resources: readonly string[],
  since: Date,
): Promise<Map<string, MeteredUse>> {
  const rows = await db.$queryRaw<{ resource: string; used: bigint; hour: Date }[]>`
    SELECT DISTINCT ON ("resource") "resource", "used", "hour" FROM (
      SELECT DISTINCT ON ("resource", "hour") "resource", "hour", "used" FROM "UsageRecord"
       WHERE "projectId" = ${projectId}::uuid AND "resource" = ANY(${resources}::text[])
         AND "hour" >= timezone('UTC', ${since}::timestamptz)
       ORDER BY "resource", "hour", "revision" DESC) current
     WHERE "used" IS NOT NULL
     ORDER BY "resource", "hour" DESC`
  return new Map(
    rows.map((r) => [r.resource, { amount: r.used, observedAt: new Date(r.hour.getTime() + HOUR_MS), metered: true }]),
  )
}
