// The expiry sweep (issue 5, item 6): a periodic durable job that ends the allocations whose end
// date has passed, through the same actOnRequest an operator's revocation takes (action
// `expire`, by the console's `system` actor: ledger, allocation, audit and notifications in one
// transaction each), and warns requesters 14 days ahead, once per request. The job queue runs
// it on one replica at a time; each request is expired under its row lock with the version the
// sweep read, so two sweeps racing (or a sweep racing an operator) expire a request once.
import type { Db } from '../db/client'
import type { ApprovalPolicy } from '../domain/security-policy'
import type { JobResult } from '../jobs/worker'
import { notifyExpiringSoon } from '../notifications/record'
import { LIVE_STATES, isPastDue } from '../notifications/plan'
import { actOnRequest } from './act-on-request'

export const EXPIRY_SWEEP_JOB = 'requests.expiry_sweep'
export const EXPIRY_ACTOR = { id: 'system:expiry', label: 'Hệ thống (hết hạn tự động)', roles: ['system' as const] }

export interface SweepReport {
  /** Ids of the requests expired by this sweep. */
  readonly expired: readonly string[]
  /** Past-due requests the sweep could not expire now, with the reason (tried again next time). */
  readonly refused: readonly { readonly requestId: string; readonly code: string }[]
  /** Expiry warnings made. */
  readonly warned: number
}

export async function sweepExpiry(db: Db, input: { policy: ApprovalPolicy; now?: Date }): Promise<SweepReport> {
  const now = input.now ?? new Date()
  const candidates = await db.quotaRequest.findMany({
    where: { state: { in: [...LIVE_STATES] }, kind: { not: 'decrease' }, endsAt: { lte: now } },
    select: { id: true, state: true, kind: true, endsAt: true, version: true },
    // Past-due increases end before the grants they add to, so each gives back exactly what it
    // holds; a grant that ends takes its remaining increases and decreases with it.
    orderBy: [{ kind: 'desc' }, { endsAt: 'asc' }, { number: 'asc' }],
  })
  const expired: string[] = []
  const refused: { requestId: string; code: string }[] = []
  for (const request of candidates.filter((c) => isPastDue(c, now))) {
    const result = await actOnRequest(db, {
      requestId: request.id,
      action: 'expire',
      actor: EXPIRY_ACTOR,
      expectedVersion: request.version,
      policy: input.policy,
      now,
    })
    if (result?.ok) expired.push(request.id)
    else if (result) refused.push({ requestId: request.id, code: result.error.code })
  }
  const warned = await notifyExpiringSoon(db, now)
  return { expired, refused, warned }
}

export function expirySweepHandler(
  db: Db,
  policyNow: () => Promise<ApprovalPolicy>,
  onReport?: (report: SweepReport) => void,
) {
  return async (): Promise<JobResult> => {
    const report = await sweepExpiry(db, { policy: await policyNow() })
    onReport?.(report)
    return { status: 'done' }
  }
}
