// The security officer's sign-off queue (issue 13): submitted requests that need a security
// officer's sign-off (requestNeedsSignOff) and have none yet, oldest first, without those this
// officer may not sign off anyway (their own requests, those they approved). The rule is the
// domain's; NEEDS_SIGN_OFF_SQL is its twin for the query, checked against it by
// tests/integration/workflow/sign-off-queue.test.ts over every kind × level × personal data.
// The decide page still judges each request in full (round authors, the request's version).
import type { Db } from '../db/client'
import { Prisma } from '../db/generated/client'
import type { ApprovalPolicy } from '../domain/security-policy'

/**
 * requestNeedsSignOff over "QuotaRequest" q and its "Project" p, and no live sign-off yet (a
 * vote of kind sign_off not discarded, as domainRequestOf reads the votes).
 */
export function awaitingSignOffSql(policy: Pick<ApprovalPolicy, 'signOffMinSecurityLevel'>): Prisma.Sql {
  return Prisma.sql`(q."kind" <> 'decrease'
    AND (p."securityLevel" >= ${policy.signOffMinSecurityLevel} OR p."processesPersonalData")
    AND NOT EXISTS (SELECT 1 FROM "RequestVote" v
                     WHERE v."requestId" = q."id" AND v."kind" = 'sign_off' AND v."discardedAt" IS NULL))`
}

export type SignOffItem = {
  number: number
  kind: string
  submittedAt: Date
  projectName: string
  namespace: string
  securityLevel: number
  processesPersonalData: boolean
  agency: { code: string; nameVi: string; nameEn: string }
  approvals: number
}

/** Where a page starts: after this request in the queue's order (oldest submission first). */
export type SignOffPosition = { submittedAt: Date; number: number }

function mine(officerId: string | null): Prisma.Sql {
  if (officerId === null) return Prisma.empty
  return Prisma.sql`AND q."requestedById" <> ${officerId}::uuid
    AND NOT EXISTS (SELECT 1 FROM "RequestVote" m WHERE m."requestId" = q."id" AND m."actorId" = ${officerId}::uuid
                     AND m."kind" = 'approve' AND m."discardedAt" IS NULL)`
}

/**
 * One page of the queue for `officerId` (null: everyone's, for counting on the dashboard), and
 * the position of the next page.
 */
export async function signOffQueue(
  db: Db,
  input: { policy: ApprovalPolicy; officerId: string | null; position?: SignOffPosition | null; size: number },
): Promise<{ items: SignOffItem[]; next: SignOffPosition | null }> {
  const { position } = input
  const after = position
    ? Prisma.sql`AND (q."submittedAt", q."number") > (${position.submittedAt}, ${position.number})`
    : Prisma.empty
  const rows = await db.$queryRaw<
    Array<Omit<SignOffItem, 'agency'> & { code: string; nameVi: string; nameEn: string }>
  >`
    SELECT q."number", q."kind"::text AS "kind", q."submittedAt", p."name" AS "projectName", p."namespace",
           p."securityLevel", p."processesPersonalData", a."code", a."nameVi", a."nameEn",
           (SELECT count(*)::int FROM "RequestVote" c
             WHERE c."requestId" = q."id" AND c."kind" = 'approve' AND c."discardedAt" IS NULL) AS "approvals"
      FROM "QuotaRequest" q
      JOIN "Project" p ON p."id" = q."projectId"
      JOIN "Agency" a ON a."id" = q."agencyId"
     WHERE q."state" = 'submitted' AND ${awaitingSignOffSql(input.policy)} ${mine(input.officerId)} ${after}
     ORDER BY q."submittedAt", q."number"
     LIMIT ${input.size + 1}`
  const items = rows
    .slice(0, input.size)
    .map(({ code, nameVi, nameEn, ...rest }) => ({ ...rest, agency: { code, nameVi, nameEn } }))
  const last = items.at(-1)
  return {
    items,
    next: rows.length > input.size && last ? { submittedAt: last.submittedAt, number: last.number } : null,
  }
}

/**
 * How many requests wait for a security officer's sign-off, for the dashboard: those this officer
 * may sign off (the queue's own count), or any officer's with null.
 */
export async function countAwaitingSignOff(
  db: Db,
  policy: ApprovalPolicy,
  officerId: string | null = null,
): Promise<number> {
  const [row] = await db.$queryRaw<{ count: number }[]>`
    SELECT count(*)::int AS "count" FROM "QuotaRequest" q JOIN "Project" p ON p."id" = q."projectId"
     WHERE q."state" = 'submitted' AND ${awaitingSignOffSql(policy)} ${mine(officerId)}`
  return row?.count ?? 0
}
