// What a capacity pool's resource can hold. The ledger itself lives in PostgreSQL (server/db/ledger.ts:
// one conditional UPDATE per pool row, a check constraint as the backstop), which applies this same
// formula through server/db/pool-capacity.ts.
import { mulRatio, type Ratio } from './amount'
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
