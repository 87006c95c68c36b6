// The periodic directory sync: who holds the roles that are told of requests (operators and
// security officers), as Keycloak's directory has them now, and the agencies their groups name.
// Each role's list is replaced in one transaction, so a role taken away in Keycloak stops being
// told at the next sync even if the person never signs in again; then the holders' agencies in
// one more (decision 0086). People the console has not met get their User row here (taken over
// later at sign-in by the same subject); `lastSeenAt` is left alone, since they were not seen.
import type { Db, Tx } from '../db/client'
import { eachConcurrently } from '../jobs/each-concurrently'
import type { JobResult } from '../jobs/worker'
import type { Directory, DirectoryMember } from './directory'
import type { ConsoleRole } from './principal'
import { upsertUser } from './users'

export const DIRECTORY_SYNC_JOB = 'identity.directory_sync'
/** The roles the notification plan addresses by role (the requester is addressed by name). */
export const DIRECTORY_ROLES = ['dc_operator', 'security_officer'] as const satisfies readonly ConsoleRole[]

type Counts = { members: number; added: number; removed: number }
/** Per role its holders; `agencies` counts the holders' memberships of agencies (person, code). */
export type DirectorySyncReport = Record<(typeof DIRECTORY_ROLES)[number] | 'agencies', Counts>

/** At most this many group reads at once: one call per holder, and Keycloak is shared. */
const GROUP_READS = 4

export async function syncDirectoryRoles(db: Db, directory: Directory, now = new Date()): Promise<DirectorySyncReport> {
  const report = {} as DirectorySyncReport
  const holders = new Map<string, DirectoryMember & { userId: string }>()
  for (const role of DIRECTORY_ROLES) {
    // Read before the transaction: a slow Keycloak must not hold PostgreSQL locks.
    const members = await directory.membersOf(role)
    report[role] = await db.$transaction(async (tx) => {
      const ids: string[] = []
      for (const member of members) {
        const { id } = await upsertUser(tx, member)
        ids.push(id)
        holders.set(id, { ...member, userId: id })
      }
      const removed = await tx.directoryRole.deleteMany({ where: { role, userId: { notIn: ids } } })
      const existing = new Set(
        (await tx.directoryRole.findMany({ where: { role }, select: { userId: true } })).map((r) => r.userId),
      )
      const added = ids.filter((id) => !existing.has(id))
      if (added.length > 0)
        await tx.directoryRole.createMany({
          data: added.map((userId) => ({ userId, role, syncedAt: now })),
          skipDuplicates: true,
        })
      await tx.directoryRole.updateMany({ where: { role }, data: { syncedAt: now } })
      return { members: ids.length, added: added.length, removed: removed.count }
    })
  }
  report.agencies = await syncHoldersAgencies(db, directory, [...holders.values()], now)
  return report
}

type Membership = { userId: string; agencyCode: string }
const keyOf = (m: Membership) => `${m.userId} ${m.agencyCode}`

/**
 * The holders' agencies as their groups say now, replacing what the last sync stored (a person
 * who holds no listed role any more keeps none). Codes, as a session keeps them: the agency and
 * those below it are worked out when asked (people-who-may.ts), so a group made before its agency
 * counts once the agency exists.
 */
async function syncHoldersAgencies(
  db: Db,
  directory: Directory,
  holders: readonly (DirectoryMember & { userId: string })[],
  now: Date,
): Promise<Counts> {
  const wanted: Membership[] = []
  await eachConcurrently(holders, GROUP_READS, async (holder) => {
    for (const agencyCode of await directory.agenciesOf(holder)) wanted.push({ userId: holder.userId, agencyCode })
  })
  return db.$transaction(async (tx) => {
    const stored = await tx.directoryAgency.findMany({ select: { userId: true, agencyCode: true } })
    const want = new Set(wanted.map(keyOf))
    const have = new Set(stored.map(keyOf))
    const gone = stored.filter((m) => !want.has(keyOf(m)))
    const added = wanted.filter((m) => !have.has(keyOf(m)))
    await removeMemberships(tx, gone)
    if (added.length > 0)
      await tx.directoryAgency.createMany({ data: added.map((m) => ({ ...m, syncedAt: now })), skipDuplicates: true })
    await tx.directoryAgency.updateMany({ data: { syncedAt: now } })
    return { members: wanted.length, added: added.length, removed: gone.length }
  })
}

async function removeMemberships(tx: Tx, gone: readonly Membership[]): Promise<void> {
  if (gone.length > 0) await tx.directoryAgency.deleteMany({ where: { OR: gone.map((m) => ({ ...m })) } })
}

export function directorySyncHandler(
  db: Db,
  directory: () => Promise<Directory>,
  onReport?: (report: DirectorySyncReport) => void,
) {
  return async (): Promise<JobResult> => {
    onReport?.(await syncDirectoryRoles(db, await directory()))
    return { status: 'done' }
  }
}
