// Writes the notifications of a waiver's event in the transaction of the change (as record.ts
// does for requests), each with its e-mail job; the words are chosen when read (render.ts).
import type { Db, Tx } from '../db/client'
import type { Prisma } from '../db/generated/client'
import { enqueue } from '../jobs/queue'
import { EMAIL_JOB, EMAIL_MAX_ATTEMPTS, usersWithRole } from './record'
import { planWaiverNotice, waiverRecipients, type WaiverAudience, type WaiverEvent } from './waiver-plan'

/**
 * The agency's staff: those whose latest session holds agency_staff and the agency's group.
 * Keycloak's directory sync records roles, not groups, so someone who never signed in is told by
 * the requester's copy only.
 */
export async function agencyStaff(db: Db | Tx, agencyId: string): Promise<string[]> {
  const rows = await db.$queryRaw<{ id: string }[]>`
    SELECT latest."userId"::text AS id
    FROM (SELECT DISTINCT ON (s."userId") s."userId", s."roles", s."agencyCodes"
          FROM "Session" s
          ORDER BY s."userId", s."lastSeenAt" DESC, s."createdAt" DESC) latest
    JOIN "Agency" a ON a."code" = ANY(latest."agencyCodes")
    WHERE 'agency_staff' = ANY(latest."roles") AND a."id" = ${agencyId}::uuid
    ORDER BY id`
  return rows.map((r) => r.id)
}

/** What a waiver's notice says besides its kind: facts only, rendered in the reader's language. */
export interface WaiverNoticeFacts {
  readonly waiverId: string
  readonly waiverNumber: number
  readonly requestedById: string
  readonly agencyId: string
  readonly checkId: string
  /** "Deployment ns/web", or null for the whole check. */
  readonly subject: string | null
  readonly expiresAt: Date
  readonly reason?: string | null
  readonly projectName: string
  readonly agencyNameVi: string
  readonly agencyNameEn: string
  /** Days before expiry, for a warning. */
  readonly days?: number
}

/**
 * Notifies the people a waiver's event concerns; returns the ids made. `onceKey` makes it
 * once-only per recipient (warnings): a second call makes nothing.
 */
export async function notifyWaiverEvent(
  tx: Tx,
  input: { event: WaiverEvent; actorId: string; facts: WaiverNoticeFacts; onceKey?: string },
): Promise<string[]> {
  const plan = planWaiverNotice(input.event)
  if (!plan) return []
  const { facts } = input
  const needs = (audience: WaiverAudience) => plan.to.includes(audience)
  const recipients = waiverRecipients(
    plan.to,
    {
      requesterId: facts.requestedById,
      securityOfficers: needs('security_officers') ? await usersWithRole(tx, 'security_officer') : [],
      agencyStaff: needs('agency') ? await agencyStaff(tx, facts.agencyId) : [],
    },
    input.actorId,
  )
  if (recipients.length === 0) return []
  const params = {
    waiverNumber: facts.waiverNumber,
    checkId: facts.checkId,
    subject: facts.subject,
    endsAt: facts.expiresAt.toISOString(),
    ...(facts.reason ? { reason: facts.reason } : {}),
    ...(facts.days !== undefined ? { days: facts.days } : {}),
    projectName: facts.projectName,
    agencyNameVi: facts.agencyNameVi,
    agencyNameEn: facts.agencyNameEn,
  } satisfies Prisma.InputJsonObject
  const rows = await tx.notification.createManyAndReturn({
    data: recipients.map((recipientId) => ({
      recipientId,
      kind: plan.kind,
      link: `/waivers/${facts.waiverNumber}`,
      params,
      onceKey: input.onceKey ?? null,
    })),
    skipDuplicates: true,
    select: { id: true },
  })
  for (const row of rows) await enqueue(tx, { kind: EMAIL_JOB, key: row.id, maxAttempts: EMAIL_MAX_ATTEMPTS })
  return rows.map((r) => r.id)
}
