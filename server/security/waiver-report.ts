// The waivers' report (issue 13, decision 0041): the requests waiting for a security officer,
// the approved waivers expiring within the next 30 days, and the expired ones (newest first),
// each within the agencies the reader may see (null: all). The page, its CSV and the API share it.
import type { Db } from '../db/client'

export const EXPIRING_WITHIN_DAYS = 30
/** The page and the CSV show at most this many of each list; the queue is never that long. */
export const REPORT_LIMIT = 500

export type ReportSection = 'queue' | 'expiring' | 'expired'

export async function waiverReport(db: Db, input: { agencyIds: readonly string[] | null; now?: Date }) {
  const now = input.now ?? new Date()
  const horizon = new Date(now.getTime() + EXPIRING_WITHIN_DAYS * 86_400_000)
  // Waivers have no agency of their own: a reader's agencies are their projects'.
  const scope =
    input.agencyIds === null
      ? {}
      : {
          projectId: {
            in: (
              await db.project.findMany({ where: { agencyId: { in: [...input.agencyIds] } }, select: { id: true } })
            ).map((p) => p.id),
          },
        }
  const [queue, expiring, expired] = await Promise.all([
    db.securityWaiver.findMany({
      where: { ...scope, state: 'requested' },
      orderBy: { requestedAt: 'asc' },
      take: REPORT_LIMIT,
    }),
    db.securityWaiver.findMany({
      where: { ...scope, state: 'approved', expiresAt: { gt: now, lte: horizon } },
      orderBy: { expiresAt: 'asc' },
      take: REPORT_LIMIT,
    }),
    // An approved waiver past its expiry counts as expired before the sweep has marked it.
    db.securityWaiver.findMany({
      where: { ...scope, OR: [{ state: 'expired' }, { state: 'approved', expiresAt: { lte: now } }] },
      orderBy: { expiresAt: 'desc' },
      take: REPORT_LIMIT,
    }),
  ])
  return { queue, expiring, expired }
}
