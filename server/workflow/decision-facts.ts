import { z } from 'zod'
import type { Db, Tx } from '../db/client'
import type { LineItem } from '../domain/line-items'
import { roundAuthors, type HistoryStep } from '../domain/request-duties'
import type { DecisionFacts } from '../domain/request-state'
import type { ResourceKey } from '../domain/resources'
import { twoOperatorWindowStart, type ApprovalPolicy } from '../domain/security-policy'

// The facts a decision on a request is judged by besides the request itself (decision 0029): who
// wrote and sent the round under review, read from the audit trail (every change to a request
// is audited in its own transaction, and the trail cannot be rewritten), and what the project's
// other grants and increases approved within the window added.

const CONTENT_STEPS: readonly HistoryStep['action'][] = ['create', 'save', 'submit', 'resubmit', 'return']

export type FactsOf = { id: string; projectId: string; agencyId: string; decidedAt: Date | null }

export async function loadDecisionFacts(
  db: Db | Tx,
  request: FactsOf,
  policy: ApprovalPolicy,
  now: Date,
): Promise<DecisionFacts> {
  const history = await contentHistory(db, request.id)
  // A decided request is judged as at its decision; one still waiting, as now.
  const at = request.decidedAt ?? now
  const granted = await recentlyGranted(db, { projectIds: [request.projectId], at, policy, except: request.id })
  return {
    agencyId: request.agencyId,
    round: roundAuthors(history),
    recentlyGranted: granted.get(request.projectId) ?? [],
  }
}

/** Who created, saved, sent and returned the request, oldest first. */
async function contentHistory(db: Db | Tx, requestId: string): Promise<HistoryStep[]> {
  const entries = await db.auditEntry.findMany({
    where: {
      entityType: 'QuotaRequest',
      entityId: requestId,
      outcome: 'ok',
      action: { in: CONTENT_STEPS.map((step) => `request.${step}`) },
    },
    select: { action: true, actorId: true },
    orderBy: { seq: 'asc' },
  })
  return entries.flatMap((entry) =>
    entry.actorId === null
      ? []
      : [{ action: entry.action.slice('request.'.length) as HistoryStep['action'], actorId: entry.actorId }],
  )
}

/**
 * Per project, what its new grants and increases approved within the window ending at `at` added
 * (the decided amounts), resource by resource; `except` leaves out the request being judged.
 */
export async function recentlyGranted(
  db: Db | Tx,
  input: { projectIds: readonly string[]; at: Date; policy: ApprovalPolicy; except?: string },
): Promise<Map<string, LineItem[]>> {
  const byProject = new Map<string, LineItem[]>()
  if (input.projectIds.length === 0) return byProject
  const from = twoOperatorWindowStart(input.at, input.policy)
  const rows = await db.$queryRaw<{ projectId: string; resource: string; amount: bigint }[]>`
    SELECT q."projectId"::text AS "projectId", l."resource", SUM(l."decided")::bigint AS "amount"
      FROM "RequestLine" l JOIN "QuotaRequest" q ON q."id" = l."requestId"
     WHERE q."projectId" = ANY(${[...new Set(input.projectIds)]}::uuid[])
       AND q."kind"::text IN ('new', 'increase') AND q."outcome" IS NOT NULL
       AND q."decidedAt" > ${from} AND q."decidedAt" <= ${input.at}
       AND q."id" <> ${input.except ?? '00000000-0000-0000-0000-000000000000'}::uuid
       AND l."decided" IS NOT NULL
     GROUP BY q."projectId", l."resource"
     ORDER BY l."resource"`
  for (const row of rows) {
    const lines = byProject.get(row.projectId) ?? []
    lines.push({ resource: row.resource as ResourceKey, amount: row.amount })
    byProject.set(row.projectId, lines)
  }
  return byProject
}

/**
 * Serialises the approvals of one project's requests until the transaction ends, so that two
 * small increases approved at the same moment each see the other (the window's sum is read after
 * this). Taken after the request's row lock, as every decision does, so the order never inverts.
 */
export async function lockProjectApprovals(tx: Tx, projectId: string): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${PROJECT_APPROVALS_LOCK}::int4, hashtext(${projectId}))`
}

// The two-key form of advisory locks is a key space of its own (the audit chain uses the one-key form).
const PROJECT_APPROVALS_LOCK = 0x51524551 // "QREQ"

/** The lines as the trail recorded them (act-on-request's summary: amounts as decimal strings). */
const RecordedLines = z.object({
  lines: z.array(z.object({ resource: z.string(), amount: z.string().regex(/^-?\d+$/) })),
})

/**
 * What the request asked for when it was last returned for changes (the `before` of the trail's
 * last `request.return`), or null when it never was: the decide page compares the round before
 * the reviewer with it.
 */
export async function returnedRoundLines(db: Db | Tx, requestId: string): Promise<LineItem[] | null> {
  const entry = await db.auditEntry.findFirst({
    where: { entityType: 'QuotaRequest', entityId: requestId, outcome: 'ok', action: 'request.return' },
    select: { before: true },
    orderBy: { seq: 'desc' },
  })
  const recorded = RecordedLines.safeParse(entry?.before)
  if (!recorded.success) return null
  return recorded.data.lines.map((line) => ({ resource: line.resource as ResourceKey, amount: BigInt(line.amount) }))
}
