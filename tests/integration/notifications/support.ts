import { randomBytes } from 'node:crypto'
import type { Db } from '#server/db/client'

// Builders for the notification tests: sessions carry the console roles Keycloak last gave a
// user (that is how the console knows who the operators and security officers are).

export async function makeSession(
  db: Db,
  userId: string,
  roles: string[],
  options: { lastSeenAt?: Date; agencyCodes?: string[] } = {},
): Promise<void> {
  const now = options.lastSeenAt ?? new Date()
  await db.session.create({
    data: {
      id: randomBytes(16).toString('hex'),
      userId,
      roles,
      agencyCodes: options.agencyCodes ?? [],
      accessToken: 'sealed',
      accessExpiresAt: new Date(now.getTime() + 300_000),
      expiresAt: new Date(now.getTime() + 36_000_000),
      lastSeenAt: now,
      createdAt: now,
    },
  })
}

/** A request as an agency user saves it before submitting. */
export async function makeDraft(
  db: Db,
  input: {
    projectId: string
    agencyId: string
    requesterId: string
    lines: Record<string, bigint>
    kind?: 'new' | 'increase' | 'decrease'
    endsAt?: Date
  },
): Promise<string> {
  const row = await db.quotaRequest.create({
    data: {
      projectId: input.projectId,
      agencyId: input.agencyId,
      requestedById: input.requesterId,
      kind: input.kind ?? 'new',
      state: 'draft',
      justification: 'Triển khai hệ thống theo kế hoạch 196/KH-UBND',
      endsAt: input.endsAt ?? null,
      lines: { create: Object.entries(input.lines).map(([resource, requested]) => ({ resource, requested })) },
    },
    select: { id: true },
  })
  return row.id
}

export const staff = (id: string) => ({ id, roles: ['agency_staff' as const], label: 'agency staff' })
export const operator = (id: string) => ({ id, roles: ['dc_operator' as const], label: 'operator' })
export const officer = (id: string) => ({ id, roles: ['security_officer' as const], label: 'security officer' })

/** Notifications of a request as `recipient:kind`, sorted. */
export async function noticesOf(db: Db, requestId: string, names: Record<string, string>): Promise<string[]> {
  const rows = await db.notification.findMany({ where: { requestId }, select: { recipientId: true, kind: true } })
  return rows.map((r) => `${names[r.recipientId] ?? r.recipientId}:${r.kind}`).sort()
}
