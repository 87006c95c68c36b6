// What a merger is decided on (decision 0057): the agencies' tree, the two agencies' projects and
// the moving projects' allocation lines, read inside the merger's transaction (or for the preview)
// and handed to the domain's planMerge; and what the preview shows beside the plan.
import { createHash } from 'node:crypto'
import type { Db, Tx } from '../db/client'
import { checkMergeDate, planMerge, type MergeDate, type MergePlan } from '../domain/agency-merge'
import { domainError, issue, type FieldIssue } from '../domain/errors'
import { localDateOf, type LocalDate } from '../domain/local-calendar'
import { byCode, isRow, type AgencyRow } from './store'

export interface MergeAsked {
  readonly fromCode: string
  readonly intoCode: string
  readonly effectiveDate: string
}

export interface CheckedMerge {
  readonly from: AgencyRow
  readonly into: AgencyRow
  readonly plan: MergePlan
  readonly date: MergeDate
}

export type Checked<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly issues: FieldIssue[] }

const refusedAt = (path: string, error: ReturnType<typeof domainError>) => ({
  ok: false as const,
  issues: [issue(path, error)],
})

/** The latest month with a closed statement of either agency: its months stay as they were sent. */
async function lastClosedMonth(db: Db | Tx, agencyIds: readonly string[]): Promise<LocalDate | null> {
  const [row] = await db.$queryRaw<{ month: string | null }[]>`
    SELECT to_char(max("month"), 'YYYY-MM-DD') AS month FROM "MonthStatement"
     WHERE "agencyId" = ANY(${[...agencyIds]}::uuid[]) AND "state" = 'closed'`
  return row?.month ?? null
}

/** The plan of merging `fromCode` into `intoCode` on the tree as it is, and when it takes effect. */
export async function checkMerge(
  db: Db | Tx,
  tree: readonly AgencyRow[],
  asked: MergeAsked,
  now: Date,
): Promise<Checked<CheckedMerge>> {
  const from = byCode(tree, asked.fromCode.trim().toLowerCase())
  if (!isRow(from)) return refusedAt('', domainError('agency.not_found', { id: asked.fromCode }))
  const into = byCode(tree, asked.intoCode.trim().toLowerCase())
  if (!isRow(into)) return refusedAt('intoCode', domainError('agency.not_found', { id: asked.intoCode }))
  const projects = await db.project.findMany({
    where: { agencyId: { in: [from.id, into.id] } },
    select: { id: true, agencyId: true, slug: true },
    orderBy: { slug: 'asc' },
  })
  const lines = await db.allocationLine.findMany({
    where: { allocation: { project: { agencyId: from.id } } },
    select: { resource: true, amount: true, allocation: { select: { projectId: true } } },
  })
  const allocations = lines.map((l) => ({ projectId: l.allocation.projectId, resource: l.resource, amount: l.amount }))
  const plan = planMerge({ agencies: tree, projects, allocations, fromId: from.id, intoId: into.id })
  if (!plan.ok) return refusedAt('intoCode', plan.error)
  const today = localDateOf(now)
  const date = checkMergeDate({
    effectiveDate: asked.effectiveDate,
    today,
    lastClosedMonth: await lastClosedMonth(db, [from.id, into.id]),
  })
  if (!date.ok) return refusedAt('effectiveDate', date.error)
  return { ok: true, value: { from, into, plan: plan.value, date: date.value } }
}

/** What the administrator sees before confirming: the plan with names, and what else moves. */
export interface MergePreview {
  readonly from: AgencyRow
  readonly into: AgencyRow
  readonly effectiveDate: LocalDate
  readonly due: boolean
  readonly projects: readonly {
    readonly name: string
    readonly namespace: string
    readonly slug: string
    readonly newSlug: string
  }[]
  readonly children: readonly { readonly code: string; readonly nameVi: string }[]
  /** Per resource key, canonical amounts as text (bigint). */
  readonly totals: readonly { readonly resource: string; readonly amount: string }[]
  readonly openRequests: number
  readonly activeKeys: number
}

export async function previewMerge(
  db: Db,
  tree: readonly AgencyRow[],
  asked: MergeAsked,
  now: Date,
): Promise<Checked<MergePreview>> {
  const checked = await checkMerge(db, tree, asked, now)
  if (!checked.ok) return checked
  return describeMerge(db, tree, checked.value)
}

/**
 * What was previewed, as one short text: a confirmation carries it, and the merger is refused with
 * nothing changed when the figures it would move are no longer those (decision 0075).
 */
export function previewFingerprint(preview: MergePreview): string {
  const figures = {
    into: preview.into.code,
    effectiveDate: preview.effectiveDate,
    due: preview.due,
    projects: preview.projects.map((p) => `${p.namespace}:${p.newSlug}`).sort(),
    children: preview.children.map((c) => c.code).sort(),
    totals: preview.totals.map((t) => `${t.resource}=${t.amount}`).sort(),
    openRequests: preview.openRequests,
    activeKeys: preview.activeKeys,
  }
  return createHash('sha256').update(JSON.stringify(figures)).digest('base64url').slice(0, 22)
}

/** The preview of a checked merger, read in the caller's transaction or outside any. */
export async function describeMerge(
  db: Db | Tx,
  tree: readonly AgencyRow[],
  checked: CheckedMerge,
): Promise<Checked<MergePreview>> {
  const { from, into, plan, date } = checked
  const ids = plan.projects.map((p) => p.projectId)
  const named = await db.project.findMany({
    where: { id: { in: ids } },
    select: { id: true, name: true, namespace: true },
  })
  const byId = new Map(named.map((p) => [p.id, p]))
  const openRequests = await db.quotaRequest.count({
    where: { projectId: { in: ids }, state: { in: ['draft', 'submitted', 'returned', 'approved', 'provisioning'] } },
  })
  const activeKeys = await db.s3Credential.count({ where: { projectId: { in: ids }, revokedAt: null } })
  return {
    ok: true,
    value: {
      from,
      into,
      effectiveDate: date.effectiveDate,
      due: date.due,
      projects: plan.projects.map((move) => ({
        name: byId.get(move.projectId)?.name ?? '',
        namespace: byId.get(move.projectId)?.namespace ?? '',
        slug: move.slug,
        newSlug: move.newSlug,
      })),
      children: tree.filter((a) => plan.childAgencyIds.includes(a.id)).map((a) => ({ code: a.code, nameVi: a.nameVi })),
      totals: [...plan.totals].map(([resource, amount]) => ({ resource, amount: amount.toString() })),
      openRequests,
      activeKeys,
    },
  }
}
