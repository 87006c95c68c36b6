// What a capacity pool's resource can hold. The ledger itself lives in PostgreSQL (server/db/ledger.ts:
// one conditional UPDATE per pool row, a check constraint as the backstop), which applies this same
// formula through server/db/pool-capacity.ts.
import { mulRatio, type Ratio } from './amount'
import { nonZeroLines, type LineItem } from './line-items'
import type { RequestKind } from './quota-request'
import type { ResourceKey } from './resources'

export interface PoolResource {
  readonly resource: ResourceKey
  /** What the hardware has, in canonical units. */
  readonly physical: bigint
  /** How much more than physical may be promised (CPU 4/1 is usual, memory 1/1). */
  readonly overcommit: Ratio
}

/**
 * What a pool resource can hold: floor(physical × numerator / denominator), never promising a
 * fraction the hardware lacks. The one definition: server/db/pool-capacity.ts adapts it to pool
 * rows and gives PostgreSQL the same rule, checked against this one on the real database.
 */
export function effectiveCapacity(resource: Pick<PoolResource, 'physical' | 'overcommit'>): bigint {
  return mulRatio(resource.physical, resource.overcommit, 'floor')
}

/** What a request's line does to its pool: a decrease gives the amount back, every other kind takes it. */
export function poolChange(kind: RequestKind, amount: bigint): bigint {
  return kind === 'decrease' ? -amount : amount
}

/**
 * Whether a pool with `room` left (effective capacity − allocated; undefined where no pool offers
 * the resource) can take `change` (negative: a release), as the ledger decides it when the
 * request is approved: what is left afterwards may not be negative, so a pool shrunk below what
 * it promised takes only releases that bring it back within capacity. A resource no pool offers
 * takes nothing, a release included: the ledger has no pool row to move it through and refuses.
 */
export function fitsPool(room: bigint | undefined, change: bigint): boolean {
  return room !== undefined && room - change >= 0n
}

/** Whether the pools, with `room` left per resource, can take all of a request's lines now (zero lines ask nothing). */
export function requestFits(room: ReadonlyMap<string, bigint>, kind: RequestKind, lines: readonly LineItem[]): boolean {
  return nonZeroLines(lines).every((line) => fitsPool(room.get(line.resource), poolChange(kind, line.amount)))
}
