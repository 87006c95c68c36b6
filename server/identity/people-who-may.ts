// Who may take an action on a resource, among the people the console knows: the one permission map
// (authorise.ts) asked for each holder of a role it names for the action. Notices about something
// to decide go to these people only, never to every holder of a role (decision 0075).
import type { Db, Tx } from '../db/client'
import { authorise, RULES, type Action, type Resource } from './authorise'
import { CONSOLE_ROLES, type ConsoleRole } from './principal'

/** A person as authorising sees them: their roles and the agencies they act for (with those below). */
export type KnownPerson = { id: string; roles: ConsoleRole[]; agencyIds: string[] }

/**
 * The people whose roles and agencies let them take the action on the resource. Roles and agencies
 * are those of each person's latest session (what Keycloak gave them when they last signed in),
 * plus the roles the directory sync lists (people who never signed in, or were given a role since).
 * Someone who never signed in acts for the agencies the directory sync read from their groups
 * (decision 0086); once they have, for their latest session's, what they can act with. The agencies
 * are worked out as at sign-in (agencyIdsFor in users.ts: each named agency and all below it).
 */
export async function peopleWhoMay(db: Db | Tx, action: Action, resource: Resource): Promise<KnownPerson[]> {
  const rule = RULES[action]
  const roles = [...new Set([...rule.everywhere, ...rule.ownAgency])]
  if (roles.length === 0) return []
  const rows = await db.$queryRaw<{ id: string; roles: string[]; agencyIds: string[] }[]>`
    WITH latest AS (
      SELECT DISTINCT ON (s."userId") s."userId", s."roles", s."agencyCodes"
        FROM "Session" s
       ORDER BY s."userId", s."lastSeenAt" DESC, s."createdAt" DESC
    ), directory AS (
      SELECT d."userId", array_agg(d."role") AS "roles" FROM "DirectoryRole" d GROUP BY d."userId"
    ), groups AS (
      SELECT g."userId", array_agg(g."agencyCode") AS "codes" FROM "DirectoryAgency" g GROUP BY g."userId"
    ), people AS (
      SELECT COALESCE(l."userId", d."userId") AS "userId",
             COALESCE(l."roles", ARRAY[]::text[]) || COALESCE(d."roles", ARRAY[]::text[]) AS "roles",
             COALESCE(l."agencyCodes", g."codes", ARRAY[]::text[]) AS "codes"
        FROM latest l FULL JOIN directory d ON d."userId" = l."userId"
        LEFT JOIN groups g ON g."userId" = COALESCE(l."userId", d."userId")
    )
    SELECT p."userId"::text AS id, p."roles",
           ARRAY(
             WITH RECURSIVE tree AS (
               SELECT a."id" FROM "Agency" a WHERE a."code" = ANY(p."codes")
               UNION
               SELECT child."id" FROM "Agency" child JOIN tree ON child."parentId" = tree.id
             )
             SELECT id::text FROM tree
           ) AS "agencyIds"
      FROM people p
     WHERE p."roles" && ${roles}::text[]
     ORDER BY id`
  return (
    rows
      .map((row) => ({
        id: row.id,
        roles: CONSOLE_ROLES.filter((role) => row.roles.includes(role)),
        agencyIds: [...row.agencyIds].sort(),
      }))
      // The question is what their roles and agencies allow; the second factor is asked of these
      // roles at each sign-in, so it is not what would keep them from acting.
      .filter((person) => authorise({ ...person, secondFactor: true }, action, resource).allowed)
  )
}
