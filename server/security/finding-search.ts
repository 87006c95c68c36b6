// The findings list of the security officer's workspace (issue 13): filters by status, severity,
// check, agency, project, level, subject kind and first-seen range, newest first and paged by
// keyset on (firstSeenAt, id), so the hundredth page costs what the first does. Status is decided
// in SQL by the twin of finding-status.ts (finding-status-sql.ts). The page, its CSV and the API
// share this; they authorise first and pass the agencies the reader may see (null: all).
import { z } from 'zod'
import type { Db } from '../db/client'
import { Prisma } from '../db/generated/client'
import { CHECK_ID, SEVERITIES, type Severity } from './catalogue'
import type { FindingStatus } from './finding-status'
import { FINDING_STATUSES, statusInSql, statusSql } from './finding-status-sql'
import { agencyCodeFilter, namespaceFilter } from '../domain/search-filters'

const Day = z.iso.date()

/** One status or several, comma-separated ("open,overdue": everything still to fix). */
const Statuses = z
  .string()
  .regex(/^[a-z]+(,[a-z]+){0,3}$/)
  .transform((value) => [...new Set(value.split(','))])
  .pipe(z.array(z.enum(FINDING_STATUSES)))

/** What may be asked for, as the page's query string and the API's parameters both carry it. */
export const FindingSearch = z.strictObject({
  status: Statuses.optional(),
  severity: z.enum(SEVERITIES).optional(),
  check: z.string().regex(CHECK_ID).optional(),
  /** An agency's code. */
  agency: agencyCodeFilter.optional(),
  /** A project's namespace. */
  project: namespaceFilter.optional(),
  /** A project's id (the API names projects by id, the pages by namespace). */
  projectId: z
    .string()
    .regex(/^[0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12}$/i)
    .optional(),
  level: z.coerce.number().int().min(1).max(5).optional(),
  /** The subject's kind as the scanner names it (Deployment, Bucket, AccessKey, ApiServer …). */
  kind: z
    .string()
    .regex(/^[A-Za-z]{2,40}$/)
    .optional(),
  /** First seen on or after this day, on or before that one (days in Việt Nam). */
  from: Day.optional(),
  to: Day.optional(),
})
export type FindingSearch = z.infer<typeof FindingSearch>

/** Where a page starts: after this finding in the list's order (newest first). */
export type FindingPosition = { firstSeenAt: Date; id: string }

export type FoundFinding = {
  id: string
  checkId: string
  subjectKind: string
  subjectNamespace: string
  subjectName: string
  severity: Severity
  securityLevel: number | null
  status: FindingStatus
  detail: unknown
  firstSeenAt: Date
  lastSeenAt: Date
  resolvedAt: Date | null
  project: { id: string; namespace: string; name: string } | null
  agency: { id: string; code: string; nameVi: string; nameEn: string } | null
}

// Việt Nam keeps no daylight saving time: a day there is [00:00+07:00, +24h).
const dayStart = (day: string) => new Date(`${day}T00:00:00+07:00`)
const DAY_MS = 86_400_000

/**
 * The search as conditions on "SecurityFinding" f, within the agencies the reader may see (null:
 * all; the platform's own findings, which have no agency, are only in "all").
 */
export function findingConditions(search: FindingSearch, scope: readonly string[] | null, now: Date): Prisma.Sql {
  const where: Prisma.Sql[] = []
  if (scope !== null) where.push(Prisma.sql`f."agencyId" = ANY(${[...scope]}::uuid[])`)
  if (search.status) where.push(statusInSql(search.status, now))
  if (search.severity) where.push(Prisma.sql`f."severity" = ${search.severity}::"FindingSeverity"`)
  if (search.check) where.push(Prisma.sql`f."checkId" = ${search.check}`)
  if (search.agency)
    where.push(Prisma.sql`f."agencyId" = (SELECT a."id" FROM "Agency" a WHERE a."code" = ${search.agency})`)
  if (search.project)
    where.push(Prisma.sql`f."projectId" = (SELECT p."id" FROM "Project" p WHERE p."namespace" = ${search.project})`)
  if (search.projectId) where.push(Prisma.sql`f."projectId" = ${search.projectId}::uuid`)
  if (search.level !== undefined) where.push(Prisma.sql`f."securityLevel" = ${search.level}`)
  if (search.kind) where.push(Prisma.sql`f."subjectKind" = ${search.kind}`)
  if (search.from) where.push(Prisma.sql`f."firstSeenAt" >= ${dayStart(search.from)}`)
  if (search.to) where.push(Prisma.sql`f."firstSeenAt" < ${new Date(dayStart(search.to).getTime() + DAY_MS)}`)
  return where.length === 0 ? Prisma.sql`TRUE` : Prisma.join(where, ' AND ')
}

type Row = Omit<FoundFinding, 'project' | 'agency'> & {
  projectId: string | null
  projectNamespace: string | null
  projectName: string | null
  agencyId: string | null
  agencyCode: string | null
  agencyNameVi: string | null
  agencyNameEn: string | null
}

/** The findings matching `conditions` after `position` (newest first), at most `limit`. */
export async function findFindings(
  db: Db,
  conditions: Prisma.Sql,
  options: { position?: FindingPosition | null; limit: number; now: Date },
): Promise<FoundFinding[]> {
  const { position, limit, now } = options
  const after = position
    ? Prisma.sql`AND (f."firstSeenAt", f."id") < (${position.firstSeenAt}, ${position.id}::uuid)`
    : Prisma.empty
  const rows = await db.$queryRaw<Row[]>`
    SELECT f."id", f."checkId", f."subjectKind", f."subjectNamespace", f."subjectName", f."severity"::text AS "severity",
           f."securityLevel", ${statusSql(now)} AS "status", f."detail", f."firstSeenAt", f."lastSeenAt", f."resolvedAt",
           f."projectId", p."namespace" AS "projectNamespace", p."name" AS "projectName",
           f."agencyId", a."code" AS "agencyCode", a."nameVi" AS "agencyNameVi", a."nameEn" AS "agencyNameEn"
      FROM "SecurityFinding" f
      LEFT JOIN "Project" p ON p."id" = f."projectId"
      LEFT JOIN "Agency" a ON a."id" = f."agencyId"
     WHERE ${conditions} ${after}
     ORDER BY f."firstSeenAt" DESC, f."id" DESC
     LIMIT ${limit}`
  return rows.map(foundOf)
}

function foundOf(row: Row): FoundFinding {
  const { projectId, projectNamespace, projectName, agencyId, agencyCode, agencyNameVi, agencyNameEn, ...rest } = row
  return {
    ...rest,
    project: projectId ? { id: projectId, namespace: projectNamespace ?? '', name: projectName ?? '' } : null,
    agency: agencyId
      ? { id: agencyId, code: agencyCode ?? '', nameVi: agencyNameVi ?? '', nameEn: agencyNameEn ?? '' }
      : null,
  }
}

/** One finding by id, as the search reads it (the caller authorises on its agency afterwards). */
export async function findingById(db: Db, id: string, now: Date): Promise<FoundFinding | null> {
  const [found] = await findFindings(db, Prisma.sql`f."id" = ${id}::uuid`, { limit: 1, now })
  return found ?? null
}

/** How many findings match (for the list's total). */
export async function countFindings(db: Db, conditions: Prisma.Sql): Promise<number> {
  const [row] = await db.$queryRaw<{ count: bigint }[]>`
    SELECT count(*) AS "count" FROM "SecurityFinding" f WHERE ${conditions}`
  return Number(row?.count ?? 0n)
}

/**
 * One page: `size` findings after `position` and the position of the next page (null at the end).
 * Newest first only: going back is the browser's, and the first page is always one link away.
 */
export async function findingPage(
  db: Db,
  conditions: Prisma.Sql,
  options: { position?: FindingPosition | null; size: number; now: Date },
): Promise<{ findings: FoundFinding[]; next: FindingPosition | null }> {
  const rows = await findFindings(db, conditions, { ...options, limit: options.size + 1 })
  const findings = rows.slice(0, options.size)
  const last = findings.at(-1)
  return { findings, next: rows.length > options.size && last ? { firstSeenAt: last.firstSeenAt, id: last.id } : null }
}

/** The subject kinds findings have been about, for the filter's choices (a few, however many findings). */
export async function knownSubjectKinds(db: Db): Promise<string[]> {
  const rows = await db.$queryRaw<{ kind: string }[]>`
    SELECT DISTINCT "subjectKind" AS "kind" FROM "SecurityFinding" ORDER BY 1`
  return rows.map((row) => row.kind)
}
