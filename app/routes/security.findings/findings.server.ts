import { z } from 'zod'
import type { Db } from '#server/db/client'
import type { Principal } from '#server/identity/principal'
import { CHECKS } from '#server/security/catalogue'
import {
  countFindings,
  findingConditions,
  findingPage,
  FindingSearch,
  knownSubjectKinds,
  type FoundFinding,
  type FindingPosition,
} from '#server/security/finding-search'
import { may, ofAgency } from '#app/utils/auth.server'
import { formatDateTime, translate, type Locale } from '#app/utils/i18n.server'
import { agencyName, formatInteger } from '#app/utils/labels.server'
import { decodePosition, encodePosition } from '#app/utils/paging.server'
import { checkTitle, findingRow } from '#app/utils/waivers.server'

// The findings list of the security workspace and its CSV (decision 0043): the search's filters
// from the query string (server/security/finding-search.ts, validated there), within the agencies
// the reader may see, newest first and paged forward by keyset. Each finding's status and its
// "waived until" or "fix by" date come from the one rule (finding-status.ts, via findingRow).

export const PAGE_SIZE = 25
/** The CSV holds at most this many findings, read in pages of CSV_BATCH. */
export const CSV_LIMIT = 20_000
const CSV_BATCH = 1_000

const Position = z.strictObject({ t: z.iso.datetime(), id: z.uuid() })

/** The page's query string: the search, and `after` (a position in the list). */
export const FindingsQuery = FindingSearch.extend({ after: z.string().max(200).optional() })
export type FindingsQuery = z.infer<typeof FindingsQuery>

/** The position `after` names, or undefined when it names none (a 400 for the caller). */
export function positionOf(after: string | undefined): FindingPosition | null | undefined {
  if (after === undefined) return null
  const decoded = decodePosition(after, Position)
  return decoded ? { firstSeenAt: new Date(decoded.t), id: decoded.id } : undefined
}

type Context = { db: Db; principal: Principal; locale: Locale; now: Date }

/** The findings as rows: the one rule's status with the covering waivers of their projects. */
async function rowsOf(findings: readonly FoundFinding[], { db, principal, locale, now }: Context) {
  const projectIds = [...new Set(findings.flatMap((f) => (f.project ? [f.project.id] : [])))]
  const waivers = await db.securityWaiver.findMany({ where: { projectId: { in: projectIds }, state: 'approved' } })
  return findings.map((f) => {
    const row = findingRow({ ...f, projectId: f.project?.id ?? null }, waivers, { locale, now })
    const mayWaive = f.project !== null && f.agency !== null && may(principal, 'waiver.request', ofAgency(f.agency.id))
    return {
      ...row,
      subjectKind: f.subjectKind,
      subjectNamespace: f.subjectNamespace,
      subjectName: f.subjectName,
      level: f.securityLevel,
      agency: f.agency ? agencyName(f.agency, locale) : translate(locale, 'security.platform'),
      agencyCode: f.agency?.code ?? '',
      project: f.project ? { name: f.project.name, namespace: f.project.namespace } : null,
      resolved: f.resolvedAt ? formatDateTime(f.resolvedAt, locale) : null,
      canRequestWaiver: mayWaive && (row.status === 'open' || row.status === 'overdue'),
    }
  })
}

export type FindingListRow = Awaited<ReturnType<typeof rowsOf>>[number]

/** One page of the list, its total, and the filter's choices (within what the reader may see). */
export async function loadFindings(
  context: Context & { agencyIds: readonly string[] | null; search: FindingSearch; position: FindingPosition | null },
) {
  const { db, agencyIds, search, position, locale, now } = context
  const conditions = findingConditions(search, agencyIds, now)
  const [page, total, kinds, agencies] = await Promise.all([
    findingPage(db, conditions, { position, size: PAGE_SIZE, now }),
    countFindings(db, conditions),
    knownSubjectKinds(db),
    db.agency.findMany({
      where: agencyIds === null ? {} : { id: { in: [...agencyIds] } },
      select: { code: true, nameVi: true, nameEn: true },
    }),
  ])
  const collator = new Intl.Collator(locale)
  return {
    rows: await rowsOf(page.findings, context),
    next: page.next ? encodePosition({ t: page.next.firstSeenAt.toISOString(), id: page.next.id }) : null,
    total: translate(locale, 'security.findings.total', { total: formatInteger(total, locale) }),
    choices: {
      kinds,
      checks: CHECKS.map((c) => ({ id: c.id, title: checkTitle(c.id, locale) })),
      agencies: agencies
        .map((a) => ({ code: a.code, name: agencyName(a, locale) }))
        .sort((a, b) => collator.compare(a.name, b.name)),
    },
    csvLimit: formatInteger(CSV_LIMIT, locale),
  }
}

/** Every finding the search matches, up to CSV_LIMIT, as rows: what the CSV writes. */
export async function allFindingRows(
  context: Context & { agencyIds: readonly string[] | null; search: FindingSearch },
) {
  const { db, agencyIds, search, now } = context
  const conditions = findingConditions(search, agencyIds, now)
  const rows: FindingListRow[] = []
  let position: FindingPosition | null = null
  do {
    const size = Math.min(CSV_BATCH, CSV_LIMIT - rows.length)
    const page: Awaited<ReturnType<typeof findingPage>> = await findingPage(db, conditions, { position, size, now })
    rows.push(...(await rowsOf(page.findings, context)))
    position = page.next
  } while (position && rows.length < CSV_LIMIT)
  return rows
}
