// Agency mergers carried out (issue 15, decision 0057). A platform administrator merges agency A
// into B on a local date: the merger is recorded (AgencyMerge, one per merged agency, so asking
// again is a no-op) and, when its date has come, applied in ONE transaction under the tree's lock:
// A's projects (with their requests, grants, ledger, keys and findings) and child agencies move to
// B, each project's move is kept with its date (ProjectAgencyMove: which agency a day's use bills
// to), A is marked merged. Changing Project.agencyId fires the reconcile trigger in that same
// transaction, so the platform follows through the durable queue even when the process dies right
// after the commit; the projects below A's children, whose RoleBindings name A's group among their
// parents, are queued here. A merger set for a later date is applied by AGENCY_MERGE_DUE_JOB.
import { appendAudit } from '../audit/log'
import type { Db, Tx } from '../db/client'
import type { Prisma } from '../db/generated/client'
import { descendantIds } from '../domain/agency'
import { shareRequestIdWithSql } from '../jobs/queue'
import { localDateOf, localMidnight, type LocalDate } from '../domain/local-calendar'
import { domainError, issue } from '../domain/errors'
import { notifyMerge } from '../notifications/merge-notices'
import {
  checkMerge,
  describeMerge,
  previewFingerprint,
  type Checked,
  type CheckedMerge,
  type MergeAsked,
} from './merge-inputs'
import { audit, changeTree, type AgencyChange, type AgencyRow } from './store'

export const AGENCY_MERGE_DUE_JOB = 'agencies.merge_due'

/** Who applies a merger whose date came: the worker, on the administrator's earlier word. */
export const MERGE_SYSTEM_ACTOR = { id: 'system:agency-merge', label: 'Hệ thống (sáp nhập theo lịch)' } as const

export interface MergeRecord {
  readonly id: string
  readonly fromCode: string
  readonly intoCode: string
  readonly effectiveDate: LocalDate
  readonly state: 'scheduled' | 'applied' | 'refused'
  /** False when the same merger had been asked before: nothing was written. */
  readonly changed: boolean
}

const dateText = (date: Date) => date.toISOString().slice(0, 10)

/**
 * Asks for a merger; applies it at once when its date has come. The same merger asked again
 * (same agencies and date) answers as it stands and writes nothing; a different one of an agency
 * already scheduled or merged is refused. With `previewed` (the fingerprint of the preview the
 * administrator confirmed), a merger whose figures moved since is refused with nothing written
 * (agency.merge_preview_stale, decision 0075). Callers have authorised `agency.manage`.
 */
export function requestMerge(db: Db, asked: MergeAsked, change: AgencyChange, now = new Date(), previewed?: string) {
  return changeTree(db, async (tx, tree): Promise<Checked<MergeRecord>> => {
    const fromCode = asked.fromCode.trim().toLowerCase()
    const existing = await findMerge(tx, tree, fromCode)
    if (existing !== null) return sameOrRefused(existing, asked)
    const checked = await checkMerge(tx, tree, asked, now)
    if (!checked.ok) return checked
    const { from, into, date } = checked.value
    if (previewed !== undefined) {
      const seen = await describeMerge(tx, tree, checked.value)
      if (seen.ok && previewFingerprint(seen.value) !== previewed)
        return { ok: false, issues: [issue('', domainError('agency.merge_preview_stale', { code: from.code }))] }
    }
    const row = await tx.agencyMerge.create({
      data: {
        fromId: from.id,
        intoId: into.id,
        effectiveDate: new Date(`${date.effectiveDate}T00:00:00Z`),
        createdById: change.actor.id?.startsWith('system:') ? null : change.actor.id,
        createdByLabel: change.actor.label,
      },
    })
    await audit(tx, change, 'agency.merge_scheduled', from, null, {
      into: into.code,
      effectiveDate: date.effectiveDate,
      projects: checked.value.plan.projects.length,
    })
    if (date.due) await applyMerge(tx, tree, row.id, checked.value, change, now)
    const record = {
      id: row.id,
      fromCode: from.code,
      intoCode: into.code,
      effectiveDate: date.effectiveDate,
      changed: true,
    }
    return { ok: true, value: { ...record, state: date.due ? 'applied' : 'scheduled' } }
  })
}

async function findMerge(tx: Tx, tree: readonly AgencyRow[], fromCode: string): Promise<MergeRecord | null> {
  const from = tree.find((a) => a.code === fromCode)
  if (from === undefined) return null
  const row = await tx.agencyMerge.findUnique({ where: { fromId: from.id } })
  if (row === null) return null
  return {
    id: row.id,
    fromCode,
    intoCode: tree.find((a) => a.id === row.intoId)?.code ?? '',
    effectiveDate: dateText(row.effectiveDate),
    state: row.state as MergeRecord['state'],
    changed: false,
  }
}

function sameOrRefused(existing: MergeRecord, asked: MergeAsked): Checked<MergeRecord> {
  const same =
    existing.intoCode === asked.intoCode.trim().toLowerCase() && existing.effectiveDate === asked.effectiveDate.trim()
  if (same && existing.state !== 'refused') return { ok: true, value: existing }
  // A refused merger stays until an administrator clears it (cancelMerge, decision 0075): asking
  // again says so rather than that the agency was merged.
  const error =
    existing.state === 'refused'
      ? domainError('agency.merge_refused', { code: existing.fromCode, into: existing.intoCode })
      : existing.state === 'scheduled'
        ? domainError('agency.merge_pending', {
            code: existing.fromCode,
            into: existing.intoCode,
            date: localMidnight(existing.effectiveDate).toISOString(),
          })
        : domainError('agency.merge_from_merged', { code: existing.fromCode })
  return { ok: false, issues: [issue('', error)] }
}

/** The console's side of a merger, in the caller's transaction (under the tree's lock). */
async function applyMerge(
  tx: Tx,
  tree: readonly AgencyRow[],
  mergeId: string,
  checked: CheckedMerge,
  change: AgencyChange,
  now: Date,
) {
  const { from, into, plan, date } = checked
  const effectiveDate = new Date(`${date.effectiveDate}T00:00:00Z`)
  const moved = plan.projects.map((p) => p.projectId)
  await shareRequestIdWithSql(tx)
  for (const move of plan.projects) {
    // The reconcile trigger (Project_enqueue_provisioning) queues the project's pass here.
    await tx.project.update({ where: { id: move.projectId }, data: { agencyId: into.id, slug: move.newSlug } })
  }
  await tx.projectAgencyMove.createMany({
    data: plan.projects.map((move) => ({
      projectId: move.projectId,
      mergeId,
      fromAgencyId: from.id,
      intoAgencyId: into.id,
      effectiveDate,
      oldSlug: move.slug,
      newSlug: move.newSlug,
    })),
  })
  // Requests and findings carry their agency so that every query is scoped without a join.
  await tx.quotaRequest.updateMany({ where: { projectId: { in: moved } }, data: { agencyId: into.id } })
  await tx.securityFinding.updateMany({ where: { projectId: { in: moved } }, data: { agencyId: into.id } })
  await tx.agency.updateMany({ where: { id: { in: [...plan.childAgencyIds] } }, data: { parentId: into.id } })
  await queueBelow(tx, tree, plan.childAgencyIds)
  await tx.agency.update({ where: { id: from.id }, data: { status: 'merged', mergedIntoId: into.id } })
  await tx.agencyMerge.update({ where: { id: mergeId }, data: { state: 'applied', appliedAt: now } })
  const summary = {
    into: into.code,
    effectiveDate: date.effectiveDate,
    projects: plan.projects.map((p) => ({ id: p.projectId, slug: p.slug, newSlug: p.newSlug })),
    children: plan.childAgencyIds.length,
    totals: Object.fromEntries([...plan.totals].map(([resource, amount]) => [resource, amount.toString()])),
  }
  await audit(tx, change, 'agency.merge', from, { status: from.status }, { status: 'merged', ...summary })
  // Both staffs are told in this transaction: a notice exists if and only if the merger was applied.
  await notifyMerge(tx, { id: mergeId, from, into, effectiveDate: date.effectiveDate, projects: moved.length })
  for (const move of plan.projects) {
    await appendAudit(tx, {
      actor: change.actor,
      action: 'project.agency_moved',
      entityType: 'Project',
      entityId: move.projectId,
      agencyId: into.id,
      before: { agency: from.code, slug: move.slug },
      after: { agency: into.code, slug: move.newSlug, effectiveDate: date.effectiveDate },
      origin: change.origin,
    })
  }
}

/** Projects below the moved child agencies: their RoleBindings list A's group among the parents'. */
async function queueBelow(tx: Tx, tree: readonly AgencyRow[], childIds: readonly string[]) {
  const below = new Set(childIds.flatMap((id) => [id, ...descendantIds(tree, id)]))
  if (below.size === 0) return
  await tx.$executeRaw`
    SELECT enqueue_provisioning(p."id", 'agency.merged') FROM "Project" p
     WHERE p."agencyId" = ANY(${[...below]}::uuid[])`
}

/** Applies every scheduled merger whose date has come; one that no longer holds is refused, audited. */
export async function applyDueMerges(db: Db, now = new Date()): Promise<MergeRecord[]> {
  const today = localDateOf(now)
  const due = await db.agencyMerge.findMany({
    where: { state: 'scheduled', effectiveDate: { lte: new Date(`${today}T00:00:00Z`) } },
    orderBy: { effectiveDate: 'asc' },
    select: { id: true },
  })
  const done: MergeRecord[] = []
  for (const { id } of due) {
    const outcome = await changeTree(db, (tx, tree) => applyScheduled(tx, tree, id, now))
    if (outcome.ok) done.push(outcome.value)
  }
  return done
}

async function applyScheduled(tx: Tx, tree: AgencyRow[], mergeId: string, now: Date): Promise<Checked<MergeRecord>> {
  const row = await tx.agencyMerge.findUnique({ where: { id: mergeId } })
  if (row === null || row.state !== 'scheduled') return { ok: false, issues: [] }
  const fromRow = tree.find((a) => a.id === row.fromId)!
  const asked = {
    fromCode: fromRow.code,
    intoCode: tree.find((a) => a.id === row.intoId)?.code ?? '',
    effectiveDate: dateText(row.effectiveDate),
  }
  const change = { actor: MERGE_SYSTEM_ACTOR }
  // The date was checked when asked; it is due now, so only the agencies' rule is checked again.
  const checked = await checkMerge(tx, tree, { ...asked, effectiveDate: localDateOf(now) }, now)
  const base = { id: row.id, ...asked, changed: true }
  if (!checked.ok) {
    await tx.agencyMerge.update({
      where: { id: row.id },
      data: { state: 'refused', refusal: checked.issues as unknown as Prisma.InputJsonValue },
    })
    await audit(tx, change, 'agency.merge_refused', fromRow, null, { ...asked, issues: checked.issues })
    return { ok: true, value: { ...base, state: 'refused' } }
  }
  const dated = { ...checked.value, date: { effectiveDate: asked.effectiveDate, due: true } }
  await applyMerge(tx, tree, row.id, dated, change, now)
  return { ok: true, value: { ...base, state: 'applied' } }
}

/**
 * Cancels a merger not yet applied: the row goes (so another can be asked), the trail keeps it as
 * `agency.merge_cancelled`. A merger refused when it fell due is cleared the same way, audited
 * `agency.merge_cleared` with its refusal (decision 0075); the answer keeps the state it had, so
 * callers tell a cancellation from a clearing. An applied merger stays: its projects moved and
 * their days were billed by its date. Callers have authorised `agency.manage`.
 */
export function cancelMerge(db: Db, fromCode: string, change: AgencyChange) {
  return changeTree(db, async (tx, tree): Promise<Checked<MergeRecord>> => {
    const code = fromCode.trim().toLowerCase()
    const from = tree.find((a) => a.code === code)
    if (from === undefined) return { ok: false, issues: [issue('', domainError('agency.not_found', { code }))] }
    const existing = await findMerge(tx, tree, code)
    if (existing === null) return { ok: false, issues: [issue('', domainError('agency.merge_none', { code }))] }
    if (existing.state === 'applied')
      return {
        ok: false,
        issues: [issue('', domainError('agency.merge_applied', { code, into: existing.intoCode }))],
      }
    const removed = await tx.agencyMerge.delete({ where: { id: existing.id } })
    const asked = { into: existing.intoCode, effectiveDate: existing.effectiveDate }
    if (existing.state === 'refused')
      await audit(tx, change, 'agency.merge_cleared', from, { ...asked, refusal: removed.refusal }, { cleared: true })
    else await audit(tx, change, 'agency.merge_cancelled', from, asked, { cancelled: true })
    return { ok: true, value: { ...existing, changed: true } }
  })
}
