import type { Tx } from '../db/client'
import type { Identity } from './claims'

/**
 * Creates or updates the console's row for a person at sign-in. A row seeded for local demos
 * (subject `seed:<username>`) is taken over by the real Keycloak subject of the same username.
 */
export async function upsertUser(tx: Tx, identity: Identity, now: Date): Promise<{ id: string }> {
  const data = { username: identity.username, displayName: identity.displayName, email: identity.email, lastSeenAt: now }
  const bySubject = await tx.user.findUnique({ where: { subject: identity.subject }, select: { id: true } })
  if (bySubject) return tx.user.update({ where: { id: bySubject.id }, data, select: { id: true } })
  const seeded = await tx.user.findFirst({ where: { username: identity.username, subject: { startsWith: 'seed:' } }, select: { id: true } })
  if (seeded) return tx.user.update({ where: { id: seeded.id }, data: { ...data, subject: identity.subject }, select: { id: true } })
  return tx.user.create({ data: { ...data, subject: identity.subject }, select: { id: true } })
}

/**
 * The agencies a person acts for: those named by their groups (an agency merged away counts as
 * the one it merged into, so people keep working while Keycloak catches up) and all below them.
 */
export async function agencyIdsFor(tx: Tx, codes: readonly string[]): Promise<string[]> {
  if (codes.length === 0) return []
  const rows = await tx.$queryRaw<{ id: string }[]>`
    WITH RECURSIVE named AS (
      SELECT COALESCE(a."mergedIntoId", a."id") AS id FROM "Agency" a WHERE a."code" = ANY(${[...codes]}::text[])
    ), tree AS (
      SELECT id FROM named
      UNION
      SELECT child."id" FROM "Agency" child JOIN tree ON child."parentId" = tree.id
    )
    SELECT id::text FROM tree`
  return rows.map((r) => r.id).sort()
}
