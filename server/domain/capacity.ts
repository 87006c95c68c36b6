// Capacity pools and the allocation ledger as plain data. The db layer holds the lock (the pool
// rows, in one transaction); these functions only say, exactly, whether a change fits and how
// much room is left per resource.
import { mulRatio, type Ratio } from './amount'
import { err, ok, type DomainError, type Result } from './errors'
import type { LineItem } from './line-items'
import type { RequestKind } from './quota-request'
import type { PoolKind, ResourceKey } from './resources'

export interface PoolResource {
  readonly resource: ResourceKey
  /** What the hardware has, in canonical units. */
  readonly physical: bigint
  /** How much more than physical may be promised (CPU 4/1 is usual, memory 1/1). */
  readonly overcommit: Ratio
}

export interface CapacityPool {
  readonly id: string
  readonly kind: PoolKind
  readonly resources: readonly PoolResource[]
}

/** One ledger line: a grant (delta > 0) or a release (delta < 0) of a project's allocation. */
export interface LedgerEntry {
  readonly projectId: string
  readonly resource: ResourceKey
  readonly delta: bigint
  readonly requestId?: string | null
}

/** A ledger, or its totals per resource already summed (e.g. the pool rows' `allocated`). */
export type Allocated = readonly LedgerEntry[] | ReadonlyMap<ResourceKey, bigint>

/**
 * What a pool resource can hold: floor(physical × numerator / denominator), never promising a
 * fraction the hardware lacks. The one definition: server/db/pool-capacity.ts adapts it to pool
 * rows and gives PostgreSQL the same rule, checked against this one on the real database.
 */
export function effectiveCapacity(resource: Pick<PoolResource, 'physical' | 'overcommit'>): bigint {
  return mulRatio(resource.physical, resource.overcommit, 'floor')
}

/** Sum of the ledger per resource, across every project. */
export function allocatedPerResource(ledger: readonly LedgerEntry[]): Map<ResourceKey, bigint> {
  const totals = new Map<ResourceKey, bigint>()
  for (const entry of ledger) {
    totals.set(entry.resource, (totals.get(entry.resource) ?? 0n) + entry.delta)
  }
  return totals
}

/** What one project holds now, per resource (zero totals left out). */
export function projectAllocation(ledger: readonly LedgerEntry[], projectId: string): Map<ResourceKey, bigint> {
  const totals = allocatedPerResource(ledger.filter((entry) => entry.projectId === projectId))
  for (const [resource, amount] of totals) if (amount === 0n) totals.delete(resource)
  return totals
}

function totalsOf(allocated: Allocated): ReadonlyMap<ResourceKey, bigint> {
  return allocated instanceof Map ? allocated : allocatedPerResource(allocated as readonly LedgerEntry[])
}

export interface Headroom {
  readonly resource: ResourceKey
  readonly capacity: bigint
  readonly allocated: bigint
  /** capacity − allocated; negative when a pool was shrunk below what is already promised. */
  readonly headroom: bigint
}

/** Room left per resource of one pool. */
export function headroom(pool: CapacityPool, allocated: Allocated): Headroom[] {
  const totals = totalsOf(allocated)
  return pool.resources.map((resource) => {
    const capacity = effectiveCapacity(resource)
    const used = totals.get(resource.resource) ?? 0n
    return { resource: resource.resource, capacity, allocated: used, headroom: capacity - used }
  })
}

export interface FitLine {
  readonly resource: ResourceKey
  readonly poolId: string
  readonly capacity: bigint
  readonly allocated: bigint
  /** The change asked for: positive to grow, negative to shrink. */
  readonly requested: bigint
  readonly remainingAfter: bigint
  readonly fits: boolean
}

export interface FitReport {
  readonly fits: boolean
  readonly lines: readonly FitLine[]
  /** `capacity.insufficient` naming the first resource that does not fit, else null. */
  readonly shortfall: DomainError | null
}

/** Finds the pool of every resource; a resource in two pools is a configuration error. */
function poolIndex(
  pools: readonly CapacityPool[],
): Result<Map<ResourceKey, { pool: CapacityPool; resource: PoolResource }>> {
  const index = new Map<ResourceKey, { pool: CapacityPool; resource: PoolResource }>()
  for (const pool of pools) {
    for (const resource of pool.resources) {
      if (index.has(resource.resource)) {
        return err('capacity.duplicate_pool', { resource: resource.resource })
      }
      index.set(resource.resource, { pool, resource })
    }
  }
  return ok(index)
}

/**
 * Whether a change fits the pools, per resource. A decrease (or zero) always fits, even in a
 * pool that is over-allocated, because refusing it would only keep the pool fuller. Structural
 * problems (no pool for a resource, a resource in two pools) are errors; not fitting is not an
 * error here but a report (the operator's preview needs the numbers either way): see requireFit.
 */
export function checkFit(input: {
  readonly pools: readonly CapacityPool[]
  readonly allocated: Allocated
  readonly delta: readonly LineItem[]
}): Result<FitReport> {
  const index = poolIndex(input.pools)
  if (!index.ok) return index
  const totals = totalsOf(input.allocated)
  const lines: FitLine[] = []
  for (const change of input.delta) {
    const found = index.value.get(change.resource)
    if (found === undefined) return err('capacity.no_pool', { resource: change.resource })
    const capacity = effectiveCapacity(found.resource)
    const allocated = totals.get(change.resource) ?? 0n
    const remainingAfter = capacity - allocated - change.amount
    lines.push({
      resource: change.resource,
      poolId: found.pool.id,
      capacity,
      allocated,
      requested: change.amount,
      remainingAfter,
      fits: change.amount <= 0n || remainingAfter >= 0n,
    })
  }
  const misfit = lines.find((line) => !line.fits)
  const shortfall: DomainError | null =
    misfit === undefined
      ? null
      : {
          code: 'capacity.insufficient',
          params: {
            resource: misfit.resource,
            capacity: misfit.capacity.toString(),
            allocated: misfit.allocated.toString(),
            remaining: (misfit.capacity - misfit.allocated).toString(),
            requested: misfit.requested.toString(),
          },
        }
  return ok({ fits: misfit === undefined, lines, shortfall })
}

/** The report when everything fits, else the shortfall as the error (for the approval path). */
export function requireFit(report: FitReport): Result<FitReport> {
  return report.shortfall === null ? ok(report) : { ok: false, error: report.shortfall }
}

/**
 * The signed change an approved request makes to the project's allocation. `new` adds its
 * lines (and is refused when the project already holds something: that is an increase);
 * `increase` adds; `decrease` subtracts and is refused below zero.
 */
export function approvedDelta(
  request: { readonly kind: RequestKind; readonly lines: readonly LineItem[] },
  current: ReadonlyMap<ResourceKey, bigint>,
): Result<LineItem[]> {
  if (request.kind === 'new' && [...current.values()].some((amount) => amount > 0n)) {
    return err('request.allocation_exists', {})
  }
  if (request.kind !== 'decrease') {
    return ok(request.lines.map((line) => ({ resource: line.resource, amount: line.amount })))
  }
  const deltas: LineItem[] = []
  for (const line of request.lines) {
    const held = current.get(line.resource) ?? 0n
    if (line.amount > held) {
      return err('capacity.decrease_below_zero', {
        resource: line.resource,
        current: held.toString(),
        requested: line.amount.toString(),
      })
    }
    deltas.push({ resource: line.resource, amount: -line.amount })
  }
  return ok(deltas)
}

/** Ledger lines for an approved change (zero changes are left out). */
export function ledgerEntriesFor(input: {
  readonly projectId: string
  readonly requestId: string | null
  readonly deltas: readonly LineItem[]
}): LedgerEntry[] {
  return input.deltas
    .filter((line) => line.amount !== 0n)
    .map((line) => ({
      projectId: input.projectId,
      resource: line.resource,
      delta: line.amount,
      requestId: input.requestId,
    }))
}

/** The entries that undo these (revocation, expiry): same project and resource, opposite sign. */
export function reverseEntries(entries: readonly LedgerEntry[]): LedgerEntry[] {
  const totals = new Map<string, LedgerEntry>()
  for (const entry of entries) {
    const key = `${entry.projectId}\u0000${entry.resource}`
    const previous = totals.get(key)
    totals.set(key, { ...entry, delta: (previous?.delta ?? 0n) + entry.delta })
  }
  return [...totals.values()].filter((entry) => entry.delta !== 0n).map((entry) => ({ ...entry, delta: -entry.delta }))
}

/** A pool as an admin configures it: no negative capacity, an overcommit ratio above zero. */
export function validatePool(pool: CapacityPool): Result<CapacityPool> {
  const index = poolIndex([pool])
  if (!index.ok) return index
  for (const resource of pool.resources) {
    if (resource.physical < 0n) {
      return err('amount.below_zero', { amount: resource.physical.toString() })
    }
    const { numerator, denominator } = resource.overcommit
    if (denominator <= 0n || numerator <= 0n) {
      return err('capacity.ratio_invalid', {
        resource: resource.resource,
        numerator: numerator.toString(),
        denominator: denominator.toString(),
      })
    }
  }
  return ok(pool)
}
