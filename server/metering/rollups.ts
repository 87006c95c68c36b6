// The day rollups a statement is priced from (decisions 0047 and 0048): one agency's projects'
// rollups of one local month, as the pure statement (server/domain/statement.ts) reads them.
import type { Db } from '../db/client'
import { nextLocalMonth, type LocalDate } from '../domain/local-calendar'
import type { ResourceKey } from '../domain/resources'
import type { DayRollup } from '../domain/statement'

/** An agency's day rollups of the local month starting `month`, by project, resource and day. */
export async function dayRollupsOfMonth(db: Db, agencyId: string, month: LocalDate): Promise<DayRollup[]> {
  const rows = await db.$queryRaw<(Omit<DayRollup, 'resource' | 'day'> & { resource: string; day: string })[]>`
    SELECT p."agencyId", r."projectId", r."resource", to_char(r."start", 'YYYY-MM-DD') AS day, r."hours",
           r."grantedHours", r."grantedSum", r."usedHours", r."usedSum", r."maxRequestedUsedSum"
      FROM "UsageRollup" r JOIN "Project" p ON p."id" = r."projectId"
     WHERE p."agencyId" = ${agencyId}::uuid AND r."period" = 'day'
       AND r."start" >= ${month}::date AND r."start" < ${nextLocalMonth(month)}::date
     ORDER BY r."projectId", r."resource", r."start"`
  // The metering records only keys of the catalogue; one the card does not price is refused there.
  return rows.map((row) => ({ ...row, resource: row.resource as ResourceKey }))
}
