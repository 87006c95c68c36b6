// Agency mergers as a plan: which projects, child agencies and allocations move, computed from
// plain data and applied by the db layer in one audited transaction. Projects keep their stored
// namespace (platform names never change); only their agency, and their slug when the receiving
// agency already uses it, change.
import { descendantIds, type Agency } from './agency'
import { err, ok, type Result } from './errors'
import { HOUR_MS, isLocalDate, localMidnight, localMonthOf, nextLocalMonth, type LocalDate } from './local-calendar'
import { uniqueSlug } from './slug'

export interface MergeProject {
  readonly id: string
  readonly agencyId: string
  readonly slug: string
}

export interface MergeAllocationLine {
  readonly projectId: string
  readonly resource: string
  readonly amount: bigint
}

export interface ProjectMove {
  readonly projectId: string
  readonly slug: string
  /** Equal to slug unless the receiving agency already has a project with that slug. */
  readonly newSlug: string
}

export interface MergePlan {
  readonly fromId: string
  readonly intoId: string
  readonly projects: readonly ProjectMove[]
  /** Direct children of the merged agency; they become children of the receiving one. */
  readonly childAgencyIds: readonly string[]
  /** The allocation lines of the moving projects (they move with their project). */
  readonly allocations: readonly MergeAllocationLine[]
  /** Per resource, what the receiving agency gains in total. */
  readonly totals: ReadonlyMap<string, bigint>
}

export interface MergeInput {
  readonly agencies: readonly Agency[]
  readonly projects: readonly MergeProject[]
  readonly allocations?: readonly MergeAllocationLine[]
  readonly fromId: string
  readonly intoId: string
}

/**
 * Plans merging agency `fromId` into `intoId`. Refused: unknown agencies, merging into itself,
 * merging an agency already merged, merging into a merged agency, and merging into one of its
 * own descendants (the descendant would end up its own ancestor once children move up).
 */
export function planMerge(input: MergeInput): Result<MergePlan> {
  const { agencies, projects, fromId, intoId } = input
  const from = agencies.find((agency) => agency.id === fromId)
  const into = agencies.find((agency) => agency.id === intoId)
  if (from === undefined) return err('agency.not_found', { id: fromId })
  if (into === undefined) return err('agency.not_found', { id: intoId })
  if (fromId === intoId) return err('agency.merge_into_self', { code: from.code })
  if (from.status === 'merged') return err('agency.merge_from_merged', { code: from.code })
  if (into.status === 'merged') return err('agency.merge_into_merged', { code: into.code })
  if (into.status === 'archived') return err('agency.merge_into_archived', { code: into.code })
  if (from.status === 'archived') return err('agency.not_active', { code: from.code })
  if (descendantIds(agencies, fromId).has(intoId)) {
    return err('agency.merge_into_descendant', { from: from.code, into: into.code })
  }

  const taken = new Set(projects.filter((p) => p.agencyId === intoId).map((p) => p.slug))
  const moves: ProjectMove[] = []
  for (const project of projects.filter((p) => p.agencyId === fromId)) {
    const newSlug = uniqueSlug(project.slug, taken)
    taken.add(newSlug)
    moves.push({ projectId: project.id, slug: project.slug, newSlug })
  }

  const moving = new Set(moves.map((move) => move.projectId))
  const allocations = (input.allocations ?? []).filter((line) => moving.has(line.projectId))
  const totals = new Map<string, bigint>()
  for (const line of allocations) {
    totals.set(line.resource, (totals.get(line.resource) ?? 0n) + line.amount)
  }

  return ok({
    fromId,
    intoId,
    projects: moves,
    childAgencyIds: agencies.filter((agency) => agency.parentId === fromId).map((agency) => agency.id),
    allocations,
    totals,
  })
}

/** How far ahead a merger may be set: a province decides its reorganisations for the coming year. */
export const MERGE_MAX_DAYS_AHEAD = 366

export interface MergeDateInput {
  readonly effectiveDate: string
  /** The local date today. */
  readonly today: LocalDate
  /** The latest month (its first day) with a closed statement of either agency, null when none. */
  readonly lastClosedMonth: LocalDate | null
}

/** When a merger takes effect: `due` when its date has come (it is applied at once). */
export interface MergeDate {
  readonly effectiveDate: LocalDate
  readonly due: boolean
}

const isoOf = (date: LocalDate) => localMidnight(date).toISOString()

/**
 * The earliest day a merger may take effect: the first day after both agencies' last closed
 * statement month, so that a closed month stays as it was sent, and not before last month (the
 * statements job closes a month within days of its end, so an earlier month is closed or empty).
 */
export function earliestMergeDate(today: LocalDate, lastClosedMonth: LocalDate | null): LocalDate {
  const thisMonth = `${today.slice(0, 8)}01`
  const lastMonth = localMonthOf(new Date(localMidnight(thisMonth).getTime() - HOUR_MS))
  const afterClosed = lastClosedMonth === null ? lastMonth : nextLocalMonth(lastClosedMonth)
  return afterClosed > lastMonth ? afterClosed : lastMonth
}

/**
 * Whether a merger may take effect on `effectiveDate` (decision 0057): from earliestMergeDate (an
 * earlier day of an open month bills that month's use to the receiving agency from that day) to at
 * most MERGE_MAX_DAYS_AHEAD days ahead.
 */
export function checkMergeDate(input: MergeDateInput): Result<MergeDate> {
  const date = input.effectiveDate.trim()
  if (!isLocalDate(date)) return err('input.invalid_date', {})
  const earliest = earliestMergeDate(input.today, input.lastClosedMonth)
  if (date < earliest) return err('agency.merge_date_closed', { date: isoOf(date), earliest: isoOf(earliest) })
  const latest = new Date(localMidnight(input.today).getTime() + MERGE_MAX_DAYS_AHEAD * 24 * HOUR_MS)
  if (localMidnight(date) > latest) {
    return err('agency.merge_date_too_far', { days: MERGE_MAX_DAYS_AHEAD, latest: latest.toISOString() })
  }
  return ok({ effectiveDate: date, due: date <= input.today })
}
