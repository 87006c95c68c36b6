// The periodic directory sync: who holds the roles that are told of requests (operators and
// security officers), as Keycloak's directory has them now. Each role's list is replaced in one
// transaction, so a role taken away in Keycloak stops being told at the next sync even if the
// person never signs in again. People the console has not met get their User row here (taken
// over later at sign-in by the same subject); `lastSeenAt` is left alone, since they were not seen.
import type { Db } from '../db/client'
import type { JobResult } from '../jobs/worker'
import type { Directory } from './directory'
import type { ConsoleRole } from './principal'
import { upsertUser } from './users'

export const DIRECTORY_SYNC_JOB = 'identity.directory_sync'
/** The roles the notification plan addresses by role (the requester is addressed by name). */
export const DIRECTORY_ROLES = ['dc_operator', 'security_officer'] as const satisfies readonly ConsoleRole[]

export type DirectorySyncReport = Record<
  (typeof DIRECTORY_ROLES)[number],
  { members: number; added: number; removed: number }
>

export async function syncDirectoryRoles(db: Db, directory: Directory, now = new Date()): Promise<DirectorySyncReport> {
  const report = {} as DirectorySyncReport
  for (const role of DIRECTORY_ROLES) {
    // Read before the transaction: a slow Keycloak must not hold PostgreSQL locks.
    const members = await directory.membersOf(role)
    report[role] = await db.$transaction(async (tx) => {
      const ids: string[] = []
      for (const member of members) ids.push((await upsertUser(tx, member)).id)
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
  return report
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
