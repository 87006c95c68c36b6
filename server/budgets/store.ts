// Agencies' yearly budgets as append-only versions (issue 14, decision 0050): the one reader of the
// version in force and the one writer of a new one. A save names the version its editor saw; another
// version in between is a stale save, refused and never overwritten. Two saves racing for the same
// version meet at the unique (agency, year, version) and the loser is answered as stale too.
import { appendAudit, type Actor, type Origin } from '../audit/log'
import type { Db, Tx } from '../db/client'
import { checkBudget } from '../domain/budget'
import { domainError, issue, type FieldIssue } from '../domain/errors'
import type { NumberSymbols } from '../domain/human-quantity'

export interface StoredBudget {
  readonly id: string
  readonly agencyId: string
  readonly year: number
  readonly version: number
  readonly amount: bigint
  readonly note: string
  readonly createdAt: Date
  readonly createdByLabel: string
}

const SELECT = {
  id: true,
  agencyId: true,
  year: true,
  version: true,
  amount: true,
  note: true,
  createdAt: true,
  createdByLabel: true,
} as const

/** The version in force of an agency's year (the highest), or null when none was set. */
export async function budgetInForce(db: Db | Tx, agencyId: string, year: number): Promise<StoredBudget | null> {
  return db.agencyBudget.findFirst({ where: { agencyId, year }, orderBy: { version: 'desc' }, select: SELECT })
}

/** Every version of an agency's year, newest first. */
export async function budgetVersions(db: Db, agencyId: string, year: number): Promise<StoredBudget[]> {
  return db.agencyBudget.findMany({ where: { agencyId, year }, orderBy: { version: 'desc' }, select: SELECT })
}

/**
 * Every active agency's budget in force for a year (the job's list): a merged agency's budget ends
 * at the merger, the receiving agency's is what warns afterwards (decision 0057).
 */
export async function budgetsOfYear(db: Db, year: number): Promise<StoredBudget[]> {
  return db.agencyBudget.findMany({
    where: { year, agency: { status: 'active' } },
    distinct: ['agencyId'],
    orderBy: [{ agencyId: 'asc' }, { version: 'desc' }],
    select: SELECT,
  })
}

export interface BudgetSave {
  readonly agencyId: string
  readonly year: number
  readonly amount: string
  readonly note: string
  /** The version the editor saw: 0 when there was none. */
  readonly expectedVersion: number
  readonly symbols: NumberSymbols
  readonly actor: Actor
  readonly origin?: Origin
  readonly now?: Date
}

export type BudgetSaved =
  | { ok: true; budget: StoredBudget }
  | { ok: false; stale: false; issues: readonly FieldIssue[] }
  | { ok: false; stale: true; issues: readonly FieldIssue[]; current: StoredBudget | null }

const isUniqueViolation = (error: unknown) => (error as { code?: string }).code === 'P2002'
const staleIssue = [issue('expectedVersion', domainError('budget.stale', {}))]

export const budgetJson = (b: Pick<StoredBudget, 'year' | 'version' | 'amount' | 'note'>) => ({
  year: b.year,
  version: b.version,
  // đồng as text: JSON has no BigInt.
  amount: b.amount.toString(),
  note: b.note,
})

/**
 * A merged agency's budget ended at the merger (decision 0057): its history stays, a new version
 * would be money for an agency that no longer spends; the receiving agency's budget is raised
 * instead. An archived agency spends nothing either (decision 0052): its versions stay, no new one.
 */
async function endedAgency(tx: Tx, agencyId: string) {
  const agency = await tx.agency.findUnique({
    where: { id: agencyId },
    select: { code: true, status: true, mergedInto: { select: { code: true } } },
  })
  if (agency?.status === 'archived') return domainError('budget.agency_archived', { code: agency.code })
  if (agency?.status !== 'merged') return null
  return domainError('budget.agency_merged', { code: agency.code, into: agency.mergedInto?.code ?? '' })
}

/** Appends the next version of an agency's year, with its audit entry, if the editor saw the one in force. */
export async function saveBudget(db: Db, save: BudgetSave): Promise<BudgetSaved> {
  const checked = checkBudget({ year: save.year, amount: save.amount }, save.symbols, save.now ?? new Date())
  if (!checked.ok) return { ok: false, stale: false, issues: checked.issues }
  const { year, amount } = checked.value
  try {
    return await db.$transaction(async (tx): Promise<BudgetSaved> => {
      const ended = await endedAgency(tx, save.agencyId)
      if (ended !== null) return { ok: false, stale: false, issues: [issue('amount', ended)] }
      const current = await budgetInForce(tx, save.agencyId, year)
      if ((current?.version ?? 0) !== save.expectedVersion)
        return { ok: false, stale: true, issues: staleIssue, current }
      const budget = await tx.agencyBudget.create({
        data: {
          agencyId: save.agencyId,
          year,
          version: save.expectedVersion + 1,
          amount,
          note: save.note,
          createdById: save.actor.id,
          createdByLabel: save.actor.label,
        },
        select: SELECT,
      })
      await appendAudit(tx, {
        actor: save.actor,
        action: 'budget.set',
        entityType: 'AgencyBudget',
        entityId: budget.id,
        agencyId: save.agencyId,
        before: current ? budgetJson(current) : null,
        after: budgetJson(budget),
        origin: save.origin,
      })
      return { ok: true, budget }
    })
  } catch (error) {
    if (!isUniqueViolation(error)) throw error
    return { ok: false, stale: true, issues: staleIssue, current: await budgetInForce(db, save.agencyId, year) }
  }
}
