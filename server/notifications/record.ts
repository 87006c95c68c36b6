// Writes notifications: in the transaction of the change they tell of (so they exist if and only
// if it committed), each with a durable e-mail job queued beside it (sent after the commit by
// the e-mail worker, never inside the request's transaction).
import type { Db, Tx } from '../db/client'
import type { Prisma } from '../db/generated/client'
import type { QuotaRequest, RequestAction } from '../domain/request-state'
import { enqueue } from '../jobs/queue'
import {
  EXPIRY_WARNING_DAYS,
  LIVE_STATES,
  addressNotices,
  expiringOnceKey,
  isExpiringSoon,
  planExpiringNotice,
  planRequestNotices,
  type AddressedNotice,
  type Audience,
} from './plan'

export const EMAIL_JOB = 'notifications.email'
/** An SMTP server down for a while: attempts back off to five minutes apart, about an hour in all. */
export const EMAIL_MAX_ATTEMPTS = 20

type ConsoleRole = 'dc_operator' | 'security_officer'

/**
 * The users who hold the role: those Keycloak's directory lists (the periodic directory sync,
 * which knows people who never signed in) and those whose latest session holds it (the roles
 * Keycloak gave them when they last signed in or refreshed; this covers a role given since the
 * last sync, and a console whose directory sync is not configured).
 */
export async function usersWithRole(db: Db | Tx, role: ConsoleRole): Promise<string[]> {
  const rows = await db.$queryRaw<{ id: string }[]>`
    SELECT latest."userId"::text AS id
    FROM (SELECT DISTINCT ON (s."userId") s."userId", s."roles"
          FROM "Session" s
          ORDER BY s."userId", s."lastSeenAt" DESC, s."createdAt" DESC) latest
    WHERE ${role} = ANY(latest."roles")
    UNION
    SELECT d."userId"::text AS id FROM "DirectoryRole" d WHERE d."role" = ${role}
    ORDER BY id`
  return rows.map((r) => r.id)
}

/** The number, requester and names a notification about this request carries. */
async function requestContext(tx: Tx | Db, requestId: string) {
  return tx.quotaRequest.findUnique({
    where: { id: requestId },
    select: {
      number: true,
      requestedById: true,
      project: { select: { name: true } },
      agency: { select: { nameVi: true, nameEn: true } },
    },
  })
}

type RequestContext = NonNullable<Awaited<ReturnType<typeof requestContext>>>

async function insertNotices(
  tx: Tx,
  input: { requestId: string; context: RequestContext; notices: readonly AddressedNotice[]; onceKey?: string },
): Promise<string[]> {
  if (input.notices.length === 0) return []
  const { context } = input
  const rows = await tx.notification.createManyAndReturn({
    data: input.notices.map((n) => ({
      recipientId: n.recipientId,
      kind: n.kind,
      requestId: input.requestId,
      requestNumber: context.number,
      link: `/requests/${context.number}`,
      params: {
        ...n.params,
        projectName: context.project.name,
        agencyNameVi: context.agency.nameVi,
        agencyNameEn: context.agency.nameEn,
      } satisfies Prisma.InputJsonObject,
      onceKey: input.onceKey ?? null,
    })),
    // A once-only notice already made (a second sweep) is skipped, not an error.
    skipDuplicates: true,
    select: { id: true },
  })
  for (const row of rows) await enqueue(tx, { kind: EMAIL_JOB, key: row.id, maxAttempts: EMAIL_MAX_ATTEMPTS })
  return rows.map((r) => r.id)
}

export interface RequestChangeInput {
  readonly requestId: string
  readonly action: RequestAction
  readonly actorId: string
  readonly before: QuotaRequest
  readonly after: QuotaRequest
  readonly signOffRequired: boolean
}

/**
 * Notifies the people an accepted action concerns (see plan.ts). Call it inside the transaction
 * that writes the action. Returns the ids of the notifications made.
 */
export async function notifyRequestChange(tx: Tx, input: RequestChangeInput): Promise<string[]> {
  const planned = planRequestNotices({
    action: input.action,
    before: input.before,
    after: input.after,
    signOffRequired: input.signOffRequired,
  })
  if (planned.length === 0) return []
  const context = await requestContext(tx, input.requestId)
  if (!context) return []
  const needs = (audience: Audience) => planned.some((p) => p.audience === audience)
  const people = {
    requesterId: context.requestedById,
    operators: needs('operators') ? await usersWithRole(tx, 'dc_operator') : [],
    securityOfficers: needs('security_officers') ? await usersWithRole(tx, 'security_officer') : [],
  }
  return insertNotices(tx, {
    requestId: input.requestId,
    context,
    notices: addressNotices(planned, people, input.actorId),
  })
}

/**
 * Warns each requester whose allocation ends within the warning window, once per request
 * (a unique once-only key: running it again, or on two replicas at once, warns nobody twice).
 * Returns how many warnings were made.
 */
export async function notifyExpiringSoon(db: Db, now: Date, days = EXPIRY_WARNING_DAYS): Promise<number> {
  const horizon = new Date(now.getTime() + days * 86_400_000)
  const candidates = await db.quotaRequest.findMany({
    where: { state: { in: [...LIVE_STATES] }, kind: { not: 'decrease' }, endsAt: { gt: now, lte: horizon } },
    select: { id: true, state: true, kind: true, endsAt: true, requestedById: true },
    orderBy: { endsAt: 'asc' },
  })
  const due = candidates.filter((c) => isExpiringSoon(c, now, days))
  if (due.length === 0) return 0
  const already = new Set(
    (
      await db.notification.findMany({
        where: { onceKey: { in: due.map((c) => expiringOnceKey(c.id)) } },
        select: { onceKey: true },
      })
    ).map((n) => n.onceKey),
  )
  let made = 0
  for (const request of due) {
    const onceKey = expiringOnceKey(request.id)
    const endsAt = request.endsAt
    if (already.has(onceKey) || endsAt === null) continue
    made += await db.$transaction(async (tx) => {
      const context = await requestContext(tx, request.id)
      if (!context) return 0
      const notices = addressNotices(
        [planExpiringNotice({ ...request, endsAt })],
        { requesterId: context.requestedById, operators: [], securityOfficers: [] },
        '',
      )
      return (await insertNotices(tx, { requestId: request.id, context, notices, onceKey })).length
    })
  }
  return made
}
