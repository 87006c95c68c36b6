// The one home of changes to agencies (decision 0052): create, rename, re-parent and archive, each
// one transaction that checks the domain's rule against the whole tree as it is inside that
// transaction, writes the row, appends its audit entry and queues the Keycloak group sync. Changes
// to the tree are serialised by one advisory lock, so two re-parentings that are each fine alone
// cannot together make a cycle. Callers (pages, API) have authorised `agency.manage` already.
import { appendAudit, type Actor, type Origin } from '../audit/log'
import type { Db, Tx } from '../db/client'
import { checkArchive, checkReparent, validateAgencyInput, validateAgencyNames, type Agency } from '../domain/agency'
import { domainError, issue, type DomainError, type FieldIssue } from '../domain/errors'
import { enqueue } from '../jobs/queue'

export const AGENCY_GROUP_SYNC_JOB = 'agencies.group_sync'

// "AGENCY" in ASCII: one key for every change to the tree.
const AGENCY_TREE_LOCK = 0x4147454e4359n

export interface AgencyChange {
  readonly actor: Actor
  readonly origin?: Origin
}

export interface AgencyRow extends Agency {
  readonly kind: string
}

export type AgencyOutcome =
  { readonly ok: true; readonly value: AgencyRow } | { readonly ok: false; readonly issues: readonly FieldIssue[] }

const refused = (path: string, error: DomainError): AgencyOutcome => ({ ok: false, issues: [issue(path, error)] })

const AGENCY_COLUMNS = {
  id: true,
  code: true,
  nameVi: true,
  nameEn: true,
  kind: true,
  parentId: true,
  status: true,
  mergedIntoId: true,
} as const

/** The whole tree, as the domain's rules read it (a province has hundreds of agencies, not millions). */
export function agencyTree(db: Db | Tx): Promise<AgencyRow[]> {
  return db.agency.findMany({ select: AGENCY_COLUMNS, orderBy: { code: 'asc' } })
}

/**
 * Runs `change` under the tree's lock with the tree as it is now, then queues the group sync (the
 * mergers' store shares it, server/agencies/merge.ts).
 */
export function changeTree<T extends { readonly ok: boolean }>(
  db: Db,
  change: (tx: Tx, tree: AgencyRow[]) => Promise<T>,
): Promise<T> {
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${AGENCY_TREE_LOCK})`
    const outcome = await change(tx, await agencyTree(tx))
    if (outcome.ok) await enqueue(tx, { kind: AGENCY_GROUP_SYNC_JOB, key: 'all' })
    return outcome
  })
}

const codeOf = (tree: readonly AgencyRow[], id: string | null): string | null =>
  id === null ? null : (tree.find((agency) => agency.id === id)?.code ?? null)

/** The agency a code names; a refusal at `path` when there is none. */
export function byCode(tree: readonly AgencyRow[], code: string, path = ''): AgencyRow | AgencyOutcome {
  return tree.find((agency) => agency.code === code) ?? refused(path, domainError('agency.not_found', { id: code }))
}

export const isRow = (found: AgencyRow | AgencyOutcome): found is AgencyRow => 'code' in found

export interface NewAgency {
  readonly code: string
  readonly nameVi: string
  readonly nameEn?: string | null
  readonly kind: string
  /** '' or null: at the top. */
  readonly parentCode?: string | null
}

export function createAgency(db: Db, input: NewAgency, change: AgencyChange): Promise<AgencyOutcome> {
  return changeTree(db, async (tx, tree) => {
    const parent = input.parentCode ? byCode(tree, input.parentCode, 'parentCode') : null
    if (parent !== null && !isRow(parent)) return parent
    const checked = validateAgencyInput(
      { code: input.code, nameVi: input.nameVi, nameEn: input.nameEn, kind: input.kind, parentId: parent?.id ?? null },
      { agencies: tree, selfId: null },
    )
    const issues: FieldIssue[] = checked.ok ? [] : checked.issues.map(parentAsCode)
    const code = input.code.trim().toLowerCase()
    // Codes are never reused: an archived or merged agency's code still names its history.
    if (tree.some((agency) => agency.code === code))
      issues.push(issue('code', domainError('agency.code_taken', { code })))
    if (!checked.ok || issues.length > 0) return { ok: false, issues }
    const row = await tx.agency.create({ data: checked.value, select: AGENCY_COLUMNS })
    await audit(tx, change, 'agency.create', row, null, { ...checked.value, parentCode: parent?.code ?? null })
    return { ok: true, value: row }
  })
}

/** The domain names the parent's field `parentId`; forms and the API send its code. */
const parentAsCode = (found: FieldIssue): FieldIssue =>
  found.path === 'parentId' ? { ...found, path: 'parentCode' } : found

/** New names; the code never changes (namespaces, buckets and the Keycloak group carry it). */
export function renameAgency(
  db: Db,
  code: string,
  names: { readonly nameVi: string; readonly nameEn?: string | null },
  change: AgencyChange,
): Promise<AgencyOutcome> {
  return changeTree(db, async (tx, tree) => {
    const agency = byCode(tree, code)
    if (!isRow(agency)) return agency
    if (agency.status !== 'active') return refused('', domainError('agency.not_active', { code }))
    const checked = validateAgencyNames(names)
    if (!checked.ok) return { ok: false, issues: checked.issues }
    const row = await tx.agency.update({ where: { id: agency.id }, data: checked.value, select: AGENCY_COLUMNS })
    const before = { nameVi: agency.nameVi, nameEn: agency.nameEn }
    await audit(tx, change, 'agency.rename', row, before, checked.value)
    return { ok: true, value: row }
  })
}

/** Moves an agency under another (null: to the top); a cycle is refused whoever asks. */
export function reparentAgency(
  db: Db,
  code: string,
  parentCode: string | null,
  change: AgencyChange,
): Promise<AgencyOutcome> {
  return changeTree(db, async (tx, tree) => {
    const agency = byCode(tree, code)
    if (!isRow(agency)) return agency
    const parent = parentCode ? byCode(tree, parentCode, 'parentCode') : null
    if (parent !== null && !isRow(parent)) return parent
    const checked = checkReparent(tree, agency.id, parent?.id ?? null)
    if (!checked.ok) return refused('parentCode', checked.error)
    const row = await tx.agency.update({
      where: { id: agency.id },
      data: { parentId: checked.value },
      select: AGENCY_COLUMNS,
    })
    const before = { parentCode: codeOf(tree, agency.parentId) }
    await audit(tx, change, 'agency.reparent', row, before, { parentCode: parent?.code ?? null })
    return { ok: true, value: row }
  })
}

/** Archives an agency: its history stays, it can no longer request (checkMayRequest). */
export function archiveAgency(db: Db, code: string, change: AgencyChange): Promise<AgencyOutcome> {
  return changeTree(db, async (tx, tree) => {
    const agency = byCode(tree, code)
    if (!isRow(agency)) return agency
    const checked = checkArchive(tree, agency.id)
    if (!checked.ok) return refused('', checked.error)
    const row = await tx.agency.update({
      where: { id: agency.id },
      data: { status: 'archived', archivedAt: new Date() },
      select: AGENCY_COLUMNS,
    })
    await audit(tx, change, 'agency.archive', row, { status: agency.status }, { status: 'archived' })
    return { ok: true, value: row }
  })
}

export function audit(tx: Tx, change: AgencyChange, action: string, row: AgencyRow, before: unknown, after: unknown) {
  return appendAudit(tx, {
    actor: change.actor,
    action,
    entityType: 'Agency',
    entityId: row.id,
    agencyId: row.id,
    before: before === null ? undefined : { code: row.code, ...(before as object) },
    after: { code: row.code, ...(after as object) },
    origin: change.origin,
  })
}
