import { z } from 'zod'
import { ofAgency, PLATFORM, visibleAgencyIds } from '../../identity/authorise'
import { WAIVER_FACT_COLUMNS, dueAt, waivedUntil, type WaiverFacts } from '../../security/finding-status'
import {
  findingById,
  findingConditions,
  findingPage,
  FindingSearch,
  type FoundFinding,
} from '../../security/finding-search'
import { findingSummary, findingTrend } from '../../security/finding-summary'
import { auditDenial, requireAllowed, type Guard, type Target } from '../auth'
import type { OperationContext } from '../context'
import type { components } from '../generated/openapi'
import { decodeCursor, encodeCursor, jsonResponse, limitOf, onlyParams, single, UUID } from '../http'
import { apiProblem, notFound } from '../problem'
import { agencyFilter } from './projects'

// The security officer's findings over the API (issue 13, decision 0044), with the pages'
// authorisation (findings.read): agency staff their agencies' projects', security officers and
// platform administrators all, the platform's own included; operators none. The search, the
// status and the counts are server/security's, the same the pages use; this file only reads the
// query string and writes JSON.

type Schemas = components['schemas']

const ALL: Target = { entityType: 'SecurityFinding', entityId: '*', agencyId: null }

/** findings.read on the whole list: operators 403 (audited); staff are scoped by the query. */
async function requireFindingsReader(guard: Guard): Promise<readonly string[] | null> {
  await requireAllowed(guard, 'findings.read', PLATFORM, ALL, { hideOtherAgency: false })
  return visibleAgencyIds(guard.principal, 'findings.read')
}

const SEARCH_PARAMS = ['status', 'severity', 'check', 'level', 'kind', 'from', 'to'] as const

/** The search from the query string, each parameter at most once; a bad one is named. */
function searchOf(url: URL): FindingSearch {
  const raw: Record<string, string> = {}
  for (const name of SEARCH_PARAMS) {
    const value = single(url, name)
    if (value !== undefined) raw[name] = value
  }
  // Strictly what the document says: one digit, not whatever Number() reads as one.
  if (raw['level'] !== undefined && !/^[1-5]$/.test(raw['level']))
    throw apiProblem(400, 'api.invalid_query', { name: 'level' })
  const agency = agencyFilter(url)
  if (agency !== undefined) raw['agency'] = agency
  const project = single(url, 'project')
  if (project !== undefined) {
    if (!UUID.test(project)) throw apiProblem(400, 'api.invalid_query', { name: 'project' })
    raw['projectId'] = project
  }
  const parsed = FindingSearch.safeParse(raw)
  if (parsed.success) return parsed.data
  const name = String(parsed.error.issues[0]?.path[0] ?? 'query')
  throw apiProblem(400, 'api.invalid_query', { name: name === 'projectId' ? 'project' : name })
}

const Position = z.object({ at: z.iso.datetime(), id: z.string().regex(UUID) })

/** For each waived finding, the latest expiry of the approved waivers covering it now (the one rule's). */
async function waivedUntilOf(guard: Guard, findings: readonly FoundFinding[], now: Date): Promise<Map<string, Date>> {
  const waived = findings.filter((f) => f.status === 'waived' && f.project !== null)
  if (waived.length === 0) return new Map()
  const waivers: WaiverFacts[] = await guard.db.securityWaiver.findMany({
    where: { projectId: { in: [...new Set(waived.map((f) => f.project?.id ?? ''))] }, state: 'approved' },
    select: WAIVER_FACT_COLUMNS,
  })
  const until = new Map<string, Date>()
  for (const finding of waived) {
    const latest = waivedUntil({ ...finding, projectId: finding.project?.id ?? null }, waivers, now)
    if (latest) until.set(finding.id, latest)
  }
  return until
}

function agencyRef(agency: FoundFinding['agency']): Schemas['AgencyRef'] | null {
  return agency && { id: agency.id, code: agency.code, name: { vi: agency.nameVi, en: agency.nameEn } }
}

function findingJson(finding: FoundFinding, until: Date | undefined): Schemas['Finding'] {
  return {
    id: finding.id,
    checkId: finding.checkId,
    severity: finding.severity,
    status: finding.status,
    dueAt: dueAt(finding).toISOString(),
    waivedUntil: finding.status === 'waived' && until ? until.toISOString() : null,
    subject: { kind: finding.subjectKind, namespace: finding.subjectNamespace, name: finding.subjectName },
    securityLevel: finding.securityLevel,
    detail: (finding.detail ?? {}) as Record<string, unknown>,
    firstSeenAt: finding.firstSeenAt.toISOString(),
    lastSeenAt: finding.lastSeenAt.toISOString(),
    resolvedAt: finding.resolvedAt?.toISOString() ?? null,
    project: finding.project,
    agency: agencyRef(finding.agency),
  }
}

/** GET /findings */
export async function listFindings({ url, guard, now }: OperationContext): Promise<Response> {
  onlyParams(url, [...SEARCH_PARAMS, 'agency', 'project', 'limit', 'cursor'])
  const limit = limitOf(url)
  const after = decodeCursor(url, 'findings', Position)
  const search = searchOf(url)
  const scope = await requireFindingsReader(guard)
  // The cursor is only a place in the order: the caller's scope still bounds every row after it.
  const position = after && { firstSeenAt: new Date(after.at), id: after.id }
  const found = await findingPage(guard.db, findingConditions(search, scope, now), { position, size: limit, now })
  const until = await waivedUntilOf(guard, found.findings, now)
  return jsonResponse({
    items: found.findings.map((f) => findingJson(f, until.get(f.id))),
    nextCursor: found.next && encodeCursor('findings', { at: found.next.firstSeenAt.toISOString(), id: found.next.id }),
  } satisfies Schemas['FindingPage'])
}

/** GET /findings/{findingId}: another agency's, or the platform's own for agency staff, is 404 (audited). */
export async function getFinding({ url, params, guard, now }: OperationContext): Promise<Response> {
  onlyParams(url, [])
  const id = params['findingId'] ?? ''
  if (!UUID.test(id)) throw notFound()
  const found = await findingById(guard.db, id, now)
  if (!found) throw notFound()
  const target: Target = { entityType: 'SecurityFinding', entityId: found.id, agencyId: found.agency?.id ?? null }
  await requireAllowed(guard, 'findings.read', found.agency ? ofAgency(found.agency.id) : PLATFORM, target, {
    hideOtherAgency: true,
  })
  // findings.read on the platform lets staff search (scoped by agency); the platform's own
  // findings belong to no agency, so only those who read every agency's may read them.
  if (found.agency === null && visibleAgencyIds(guard.principal, 'findings.read') !== null) {
    await auditDenial(guard, 'findings.read', target, 'other_agency')
    throw notFound()
  }
  const until = await waivedUntilOf(guard, [found], now)
  return jsonResponse(findingJson(found, until.get(found.id)))
}

/** GET /findings/summary */
export async function getFindingSummary({ url, guard, now }: OperationContext): Promise<Response> {
  onlyParams(url, ['days'])
  const rawDays = single(url, 'days') ?? '30'
  if (!/^[1-9]\d{0,2}$/.test(rawDays) || Number(rawDays) > 366)
    throw apiProblem(400, 'api.invalid_query', { name: 'days' })
  const scope = await requireFindingsReader(guard)
  const [summary, trend] = await Promise.all([
    findingSummary(guard.db, scope, now),
    findingTrend(guard.db, scope, { now, days: Number(rawDays) }),
  ])
  const agencyIds = summary.cells.flatMap((cell) => (cell.agencyId === null ? [] : [cell.agencyId]))
  const agencies = await guard.db.agency.findMany({
    where: { id: { in: agencyIds } },
    select: { id: true, code: true, nameVi: true, nameEn: true },
  })
  const byId = new Map(agencies.map((a) => [a.id, agencyRef(a)]))
  return jsonResponse({
    toFix: summary.toFix,
    overdue: summary.overdue,
    waived: summary.waived,
    cells: summary.cells.map((cell) => ({
      agency: cell.agencyId === null ? null : (byId.get(cell.agencyId) ?? null),
      level: cell.level,
      counts: cell.counts,
    })),
    trend,
  } satisfies Schemas['FindingSummary'])
}
