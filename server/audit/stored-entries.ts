import type { Db, Tx } from '../db/client'
import { Prisma } from '../db/generated/client'
import { hashedEntry, type HashedEntry } from './chain'
import { storedRecord } from './records'

// How entries are stored and read back for verifying (decision 0036). Each row keeps the bytes its
// hash covers (`content`) beside the columns the console shows and searches. Appending, PostgreSQL
// reads the columns out of those bytes, so the two agree from the start (Prisma would write a JSON
// number with 15 significant digits where JavaScript hashed 17). Verifying, PostgreSQL compares
// each row's columns with its bytes where the row is, so that verifying in Node is hashing the
// bytes as read; a row whose columns were changed and its content left as it was does not agree,
// and is named altered.

/** Inserts an entry whose columns are its content's fields (appendAudit, under the chain's lock). */
export async function insertEntry(tx: Tx, hash: string, content: string): Promise<void> {
  await tx.$executeRaw`
    INSERT INTO "AuditEntry" ("seq", "at", "actorId", "actorLabel", "action", "entityType", "entityId", "agencyId",
      "outcome", "before", "after", "sourceIp", "userAgent", "requestId", "prevHash", "hash", "content")
    SELECT (c->>'seq')::bigint, (c->>'at')::timestamp(3), c->>'actorId', c->>'actorLabel', c->>'action',
      c->>'entityType', c->>'entityId', (c->>'agencyId')::uuid, c->>'outcome',
      NULLIF(c->'before', 'null'::jsonb), NULLIF(c->'after', 'null'::jsonb), c->>'sourceIp', c->>'userAgent',
      c->>'requestId', c->>'prevHash', ${hash}, ${content}
    FROM (SELECT ${content}::jsonb AS c) AS entry`
}

// The content as jsonb against the columns built into the same object: key order and spacing do
// not matter, values do (numbers by value, as JavaScript wrote them; the time to the millisecond).
// The request id is a key only when the column holds one, as chain.ts writes it (decision 0070):
// an id added to an entry written without one, or taken away, makes the two differ.
const COLUMNS_AS_CONTENT = Prisma.sql`jsonb_build_object(
  'action', "action", 'actorId', "actorId", 'actorLabel', "actorLabel", 'after', "after", 'agencyId', "agencyId",
  'at', to_char("at", 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), 'before', "before", 'entityId', "entityId",
  'entityType', "entityType", 'outcome', "outcome", 'prevHash', "prevHash", 'seq', "seq"::text,
  'sourceIp', "sourceIp", 'userAgent', "userAgent")
  || CASE WHEN "requestId" IS NULL THEN '{}'::jsonb ELSE jsonb_build_object('requestId', "requestId") END`

/** Entries after `after` in seq order, at most `limit` (outside a transaction: a refused statement is retried). */
export async function readHashedEntries(db: Db, after: bigint, limit: number): Promise<HashedEntry[]> {
  try {
    return await db.$queryRaw<HashedEntry[]>`
      SELECT "seq", "prevHash", "hash", "content", "content"::jsonb = ${COLUMNS_AS_CONTENT} AS "columnsAgree"
      FROM "AuditEntry" WHERE "seq" > ${after} ORDER BY "seq" LIMIT ${limit}`
  } catch {
    // A content that is not JSON at all (written by someone who went round the console) stops
    // PostgreSQL's comparison: compare that page here instead, exactly, which names the row.
    const rows = await db.auditEntry.findMany({ where: { seq: { gt: after } }, orderBy: { seq: 'asc' }, take: limit })
    return rows.map((row) => hashedEntry(storedRecord(row)))
  }
}
