import type { Db } from '../db/client'
import { capacityOf, POOL_CAPACITY_SELECT, roomOf } from '../db/pool-capacity'
import { loadRequest } from '../db/request-rows'
import { fitsPool, poolChange } from '../domain/capacity'
import type { DomainError } from '../domain/errors'
import { nonZeroLines, type LineItem } from '../domain/line-items'
import { allowedActions } from '../domain/request-decide'
import { whyMayNotDecide } from '../domain/request-duties'
import type { Actor, QuotaRequest, RequestAction } from '../domain/request-state'
import { approvalProgress, type ApprovalProgress } from '../domain/request-votes'
import type { ApprovalPolicy, SecurityProfile } from '../domain/security-policy'
import { roundChanges, type LineChange } from '../domain/round-changes'
import { loadDecisionFacts, returnedRoundLines } from './decision-facts'
import { usedNow } from './headroom'

export type CapacityLine = {
  resource: string
  /** Pool capacity after overcommit. */
  capacity: bigint
  allocated: bigint
  /** What this request would add (negative for a decrease). */
  change: bigint
  remainingAfter: bigint
  fits: boolean
}

/** `used`: what the project uses now (usedNow: the quota's count, or the metering's newest hour); null where no figure is there yet. */
export type ProjectHeadroomLine = { resource: string; used: bigint | null; granted: bigint; requested: bigint }

export type DecisionView = {
  request: QuotaRequest
  project: SecurityProfile
  agencyId: string
  actions: RequestAction[]
  /** Why this reviewer may not decide the request at all (separation of duties), or null. */
  mayNotDecide: DomainError | null
  progress: ApprovalProgress
  capacity: CapacityLine[]
  headroom: ProjectHeadroomLine[]
  /** What the amounts were when the request was last returned, changed since; null if never returned. */
  changedSinceReturn: LineChange[] | null
}

/**
 * What a reviewer (or the requester) needs beside the request itself: which actions they may take
 * now, how far approvals have come, whether the pools can hold the request, and the project's
 * current grant. Read-only; the action itself re-decides under a lock.
 */
export async function loadDecisionView(
  db: Db,
  input: { requestId: string; actor: Actor; policy: ApprovalPolicy; now?: Date },
): Promise<DecisionView | null> {
  const loaded = await loadRequest(db, input.requestId)
  if (!loaded) return null
  const { request, project } = loaded
  const lines: readonly LineItem[] = request.decidedLines ?? nonZeroLines(request.lines)
  const now = input.now ?? new Date()
  const [pools, held, used, facts, returned] = await Promise.all([
    db.poolResource.findMany({
      where: { resource: { in: lines.map((l) => l.resource) } },
      select: POOL_CAPACITY_SELECT,
    }),
    db.allocationLine.findMany({
      where: { allocation: { projectId: request.projectId, state: 'active' } },
      select: { resource: true, amount: true },
    }),
    db.allocation
      .findFirst({ where: { projectId: request.projectId, state: 'active' }, select: { id: true } })
      .then((active) => (active ? usedNow(db, [request.projectId], now) : null)),
    loadDecisionFacts(db, { ...request, agencyId: loaded.agencyId }, input.policy, now),
    returnedRoundLines(db, request.id),
  ])
  const counts = request.state === 'submitted' || request.state === 'draft' || request.state === 'returned'
  const capacity = lines.map((line): CapacityLine => {
    const pool = pools.find((p) => p.resource === line.resource)
    const cap = pool ? capacityOf(pool) : 0n
    const allocated = pool?.allocated ?? 0n
    // Once decided, the pool's allocated total already includes this request.
    const change = counts ? poolChange(request.kind, line.amount) : 0n
    const remainingAfter = cap - allocated - change
    return {
      resource: line.resource,
      capacity: cap,
      allocated,
      change,
      remainingAfter,
      fits: fitsPool(pool ? roomOf(pool) : undefined, change),
    }
  })
  const resources = new Set([...held.map((h) => h.resource), ...request.lines.map((l) => l.resource)])
  const headroom = [...resources].sort().map((resource) => ({
    resource,
    used: used?.used.find((u) => u.resource === resource)?.amount ?? null,
    granted: held.find((h) => h.resource === resource)?.amount ?? 0n,
    requested: request.lines.find((l) => l.resource === resource)?.amount ?? 0n,
  }))
  return {
    request,
    project,
    agencyId: loaded.agencyId,
    actions: allowedActions({ request, project, actor: input.actor, policy: input.policy, now, facts }),
    mayNotDecide: whyMayNotDecide({ request, actor: input.actor, facts }),
    progress: approvalProgress(request, project, input.policy, facts.recentlyGranted),
    capacity,
    headroom,
    changedSinceReturn: returned === null ? null : roundChanges(returned, nonZeroLines(request.lines)),
  }
}
