import type { Db } from '#server/db/client'

/**
 * The request counts a trigger keeps ("RequestStateCount", decision 0013) beside the count of the
 * rows they stand for, each keyed "agency/state" (zero counts left out): for a test to say they
 * agree. One agency's, or every agency's.
 */
export async function requestCounts(
  db: Db,
  agencyId?: string,
): Promise<{ kept: Record<string, number>; actual: Record<string, number> }> {
  const where = agencyId ? { agencyId } : {}
  const kept = await db.requestStateCount.findMany({ where: { ...where, count: { not: 0 } } })
  const actual = await db.quotaRequest.groupBy({ by: ['agencyId', 'state'], where, _count: { _all: true } })
  return {
    kept: Object.fromEntries(kept.map((k) => [`${k.agencyId}/${k.state}`, k.count])),
    actual: Object.fromEntries(actual.map((a) => [`${a.agencyId}/${a.state}`, a._count._all])),
  }
}
