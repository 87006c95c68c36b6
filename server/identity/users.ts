import { appendAudit } from '../audit/log'
import type { Tx } from '../db/client'
import type { Identity } from './claims'

/** What Keycloak says of a person: at sign-in, in a bearer token, or in the directory. */
export type KnownPerson = Pick<Identity, 'subject' | 'username' | 'displayName' | 'email'>

/** Who releases a username in the audit log: the console's identity code, acting on Keycloak's word. */
export const IDENTITY_SYSTEM_ACTOR = { id: 'system:identity', label: 'Hệ thống định danh (Keycloak)' } as const

/**
 * Creates or updates the console's row for a person. A row seeded for local demos (subject
 * `seed:<username>`) is taken over by the real Keycloak subject of the same username. `seenAt`
 * is given when the person was actually seen (a sign-in, a bearer token), not for the directory.
 */
export async function upsertUser(
  tx: Tx,
  person: KnownPerson,
  options: { seenAt?: Date } = {},
): Promise<{ id: string }> {
  const data = {
    username: person.username,
    displayName: person.displayName,
    email: person.email,
    ...(options.seenAt ? { lastSeenAt: options.seenAt } : {}),
  }
  const findBySubject = () =>
    tx.user.findUnique({ where: { subject: person.subject }, select: { id: true, username: true } })
  let bySubject = await findBySubject()
  if (!bySubject) {
    // A person's first calls may come at once (a script's parallel requests, two tabs signing in):
    // each would find no row and create one, and all but one fail on the subject's uniqueness
    // (500s found by bench/load-200.ts). The first takes the subject's lock and creates the row;
    // the others wait for its commit and then find it.
    await tx.$queryRaw`SELECT pg_advisory_xact_lock(hashtext(${`user:${person.subject}`}))::text`
    bySubject = await findBySubject()
  }
  if (bySubject) {
    if (bySubject.username !== person.username) await releaseUsername(tx, person)
    return tx.user.update({ where: { id: bySubject.id }, data, select: { id: true } })
  }
  const seeded = await tx.user.findFirst({
    where: { username: person.username, subject: { startsWith: 'seed:' } },
    select: { id: true },
  })
  if (seeded)
    return tx.user.update({
      where: { id: seeded.id },
      data: { ...data, subject: person.subject },
      select: { id: true },
    })
  await releaseUsername(tx, person)
  return tx.user.create({ data: { ...data, subject: person.subject }, select: { id: true } })
}

/**
 * Usernames are Keycloak's to give again: an account deleted and created anew under the same
 * username, or a name freed by a rename and given to someone else, is another identity (another
 * subject), maybe another person. The row that holds the name keeps its id and history (requests,
 * votes, audit entries) and gives the name up as `<username>#<its subject>`, audited.
 */
async function releaseUsername(tx: Tx, person: KnownPerson): Promise<void> {
  const holder = await tx.user.findFirst({
    where: { username: person.username, subject: { not: person.subject } },
    select: { id: true, subject: true },
  })
  if (!holder) return
  const released = `${person.username}#${holder.subject}`
  await tx.user.update({ where: { id: holder.id }, data: { username: released } })
  await appendAudit(tx, {
    actor: IDENTITY_SYSTEM_ACTOR,
    action: 'user.username_released',
    entityType: 'User',
    entityId: holder.id,
    before: { username: person.username, subject: holder.subject },
    after: { username: released, takenBySubject: person.subject },
  })
}

/**
 * The agencies a person acts for: those named by their groups and all below them. An agency merged
 * away stands for itself alone (its history: statements, budgets), never for the one it merged
 * into: its former staff reach the moved systems only once Keycloak puts them in that agency's
 * group, as the platform's RoleBindings already require (decision 0057).
 */
export async function agencyIdsFor(tx: Tx, codes: readonly string[]): Promise<string[]> {
  if (codes.length === 0) return []
  const rows = await tx.$queryRaw<{ id: string }[]>`
    WITH RECURSIVE named AS (
      SELECT a."id" FROM "Agency" a WHERE a."code" = ANY(${[...codes]}::text[])
    ), tree AS (
      SELECT id FROM named
      UNION
      SELECT child."id" FROM "Agency" child JOIN tree ON child."parentId" = tree.id
    )
    SELECT id::text FROM tree`
  return rows.map((r) => r.id).sort()
}
