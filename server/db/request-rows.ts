import type { LineItem } from '../domain/line-items'
import type { RequestContent } from '../domain/quota-request'
import type { QuotaRequest, RequestState } from '../domain/request-state'
import type { ResourceKey } from '../domain/resources'
import type { SecurityProfile } from '../domain/security-policy'
import type { SecurityLevel } from '../domain/project'
import type { Db, Tx } from './client'
import { REQUEST_COLUMNS } from './columns'
import type { Prisma } from './generated/client'

// Moves a quota request between its rows (request, lines, votes) and the domain's plain object.

export type LoadedRequest = { request: QuotaRequest; project: SecurityProfile; agencyId: string }

/**
 * Loads a request and locks its row until the transaction ends, so that two people acting on the
 * same request are served one after the other, each seeing the other's result.
 */
export async function loadRequestForUpdate(tx: Tx, requestId: string): Promise<LoadedRequest | null> {
  const locked = await tx.$queryRaw<
    { id: string }[]
  >`SELECT "id" FROM "QuotaRequest" WHERE "id" = ${requestId}::uuid FOR UPDATE`
  if (locked.length === 0) return null
  return loadRequest(tx, requestId)
}

/**
 * Locks the agency's rows of "RequestStateCount" for `states`, in the key's order, in one
 * statement: for a transaction that moves several requests (a grant's end with its increases),
 * before its first move. The trigger locks the two rows of each move in that order, but moves made
 * one after another took their rows in the order of the moves, against an approval or an advance
 * in the same agency taking them in the other (decision 0082). A missing row is made empty first,
 * as the trigger does, so that every row can be locked.
 */
export async function lockStateCounts(tx: Tx, agencyId: string, states: readonly RequestState[]): Promise<void> {
  const wanted = [...new Set(states)]
  await tx.$executeRaw`
    INSERT INTO "RequestStateCount" ("agencyId", "state", "count")
    SELECT ${agencyId}::uuid, s::"RequestState", 0 FROM unnest(${wanted}::text[]) AS s
     WHERE NOT EXISTS (SELECT 1 FROM "RequestStateCount"
                        WHERE "agencyId" = ${agencyId}::uuid AND "state" = s::"RequestState")
     ORDER BY 2
    ON CONFLICT ("agencyId", "state") DO NOTHING`
  await tx.$executeRaw`
    SELECT 1 FROM "RequestStateCount"
     WHERE "agencyId" = ${agencyId}::uuid AND "state"::text = ANY(${wanted}::text[])
     ORDER BY "agencyId", "state" FOR UPDATE`
}

/** The same, without a lock: for showing a request and what may be done with it. */
export async function loadRequest(tx: Tx | Db, requestId: string): Promise<LoadedRequest | null> {
  const row = await tx.quotaRequest.findUnique({ where: { id: requestId }, select: DOMAIN_REQUEST_SELECT })
  return row === null ? null : domainRequestOf(row)
}

/** What the domain's request is read from; a caller may select more (the API adds names). */
export const DOMAIN_REQUEST_SELECT = {
  ...REQUEST_COLUMNS,
  project: { select: { securityLevel: true, processesPersonalData: true } },
  lines: { select: { resource: true, requested: true, decided: true }, orderBy: { resource: 'asc' } },
  // Discarded votes are read too (the API shows them); the domain counts only the others.
  votes: {
    select: { actorId: true, kind: true, reason: true, automatic: true, createdAt: true, discardedAt: true },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
  },
} satisfies Prisma.QuotaRequestSelect

export type DomainRequestRow = Prisma.QuotaRequestGetPayload<{ select: typeof DOMAIN_REQUEST_SELECT }>

/**
 * The one mapping from a request's rows to the domain's request. Stored backup settings are the
 * request's whatever their values (a null column, not a falsy one, means none).
 */
export function domainRequestOf(row: DomainRequestRow): LoadedRequest {
  const live = row.votes.filter((v) => v.discardedAt === null)
  const signOff = live.find((v) => v.kind === 'sign_off')
  const decided = row.lines.some((l) => l.decided !== null)
  const request: QuotaRequest = {
    id: row.id,
    projectId: row.projectId,
    requesterId: row.requestedById,
    state: row.state,
    kind: row.kind,
    lines: row.lines.map((l) => ({ resource: l.resource as ResourceKey, amount: l.requested })),
    backup:
      row.backupSchedule !== null && row.backupRetentionDays !== null
        ? { schedule: row.backupSchedule, retentionDays: row.backupRetentionDays }
        : null,
    justification: row.justification,
    endDate: row.endsAt,
    decidedLines: decided
      ? row.lines.map((l) => ({ resource: l.resource as ResourceKey, amount: l.decided ?? 0n }))
      : null,
    outcome: row.outcome,
    approvals: live
      .filter((v) => v.kind === 'approve')
      .map((v) => ({ actorId: v.actorId, at: v.createdAt, automatic: v.automatic })),
    signOff: signOff ? { actorId: signOff.actorId, at: signOff.createdAt, note: signOff.reason } : null,
    reason: row.reason,
    version: row.version,
    submittedAt: row.submittedAt,
    decidedAt: row.decidedAt,
  }
  return {
    request,
    project: {
      securityLevel: row.project.securityLevel as SecurityLevel,
      processesPersonalData: row.project.processesPersonalData,
    },
    agencyId: row.agencyId,
  }
}

/**
 * Writes the domain's next request over the current one. The row is updated only if its version
 * is still the one that was decided on (the row lock makes this certain; the condition keeps the
 * write honest should a caller forget the lock).
 */
export async function saveRequest(
  tx: Tx,
  before: QuotaRequest,
  after: QuotaRequest,
  changes: { votes: VoteWrite[]; discardedApprovals: readonly string[] },
): Promise<void> {
  const updated = await tx.quotaRequest.updateMany({
    where: { id: before.id, version: before.version },
    data: {
      ...contentColumns(after),
      state: after.state,
      outcome: after.outcome,
      reason: after.reason,
      version: after.version,
      submittedAt: after.submittedAt,
      decidedAt: after.decidedAt,
    },
  })
  if (updated.count !== 1) throw new Error(`request ${before.id} changed while it was being decided`)
  if (!sameLineSet(before.lines, after.lines)) {
    await tx.requestLine.deleteMany({ where: { requestId: before.id } })
    await tx.requestLine.createMany({
      data: after.lines.map((l) => ({ requestId: before.id, resource: l.resource, requested: l.amount })),
    })
  }
  if (after.decidedLines !== before.decidedLines) {
    for (const line of after.lines) {
      const decided = after.decidedLines?.find((d) => d.resource === line.resource)?.amount ?? null
      await tx.requestLine.update({
        where: { requestId_resource: { requestId: before.id, resource: line.resource } },
        data: { decided: after.decidedLines ? (decided ?? 0n) : null },
      })
    }
  }
  const discard = [...new Set([...discardedVoters(before, after), ...changes.discardedApprovals])]
  if (discard.length > 0) {
    await tx.requestVote.updateMany({
      where: { requestId: before.id, discardedAt: null, actorId: { in: discard } },
      data: { discardedAt: new Date() },
    })
  }
  // After the discards: an operator re-approving a changed proposal keeps only the new approval.
  if (changes.votes.length > 0) {
    await tx.requestVote.createMany({
      data: changes.votes.map((v) => ({ ...v, requestId: before.id, version: before.version })),
    })
  }
}

/** A request's content as the request row's columns (its lines are rows of their own). */
export function contentColumns(content: Omit<RequestContent, 'lines'>) {
  return {
    kind: content.kind,
    justification: content.justification,
    endsAt: content.endDate,
    backupSchedule: content.backup?.schedule ?? null,
    backupRetentionDays: content.backup?.retentionDays ?? null,
  }
}

export type VoteWrite = {
  actorId: string
  kind: 'approve' | 'sign_off' | 'reject' | 'return'
  reason: string
  automatic: boolean
}

/** Voters whose approval or sign-off no longer counts in `after` (new proposal, or a new round). */
function discardedVoters(before: QuotaRequest, after: QuotaRequest): string[] {
  const still = new Set([...after.approvals.map((a) => a.actorId), ...(after.signOff ? [after.signOff.actorId] : [])])
  const had = [...before.approvals.map((a) => a.actorId), ...(before.signOff ? [before.signOff.actorId] : [])]
  return [...new Set(had.filter((id) => !still.has(id)))]
}

function sameLineSet(a: readonly LineItem[], b: readonly LineItem[]): boolean {
  return (
    a.length === b.length && a.every((line) => b.some((o) => o.resource === line.resource && o.amount === line.amount))
  )
}
