// Agency mergers as a plan: which projects, child agencies and allocations move, computed from
// plain data and applied by the db layer in one audited transaction. Projects keep their stored
// namespace (platform names never change); only their agency, and their slug when the receiving
// agency already uses it, change.
import { descendantIds, type Agency } from './agency'
import { err, ok, type Result } from './errors'
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
