import type { Tx } from './client'
import { CAPACITY_SQL } from './pool-capacity'

export type LedgerDelta = { resource: string; delta: bigint }

/** A grant refused because the pool cannot hold it: names the resource and what is left. */
export class CapacityExceeded extends Error {
  constructor(
    readonly resource: string,
    readonly requested: bigint,
    readonly capacity: bigint,
    readonly allocated: bigint,
  ) {
    super(`pool for ${resource} cannot hold ${requested} more (capacity ${capacity}, allocated ${allocated})`)
    this.name = 'CapacityExceeded'
  }
}

/** A release larger than what the project holds. */
export class AllocationUnderflow extends Error {
  constructor(
    readonly resource: string,
    readonly current: bigint,
    readonly requested: bigint,
  ) {
    super(`project holds ${current} ${resource}, less than the ${requested} the release asks to return`)
    this.name = 'AllocationUnderflow'
  }
}

/**
 * Moves amounts between the pools and a project's allocation, inside the caller's transaction.
 * Each pool row is changed by one conditional UPDATE, so under concurrent approvals PostgreSQL
 * serialises the writers on that row and re-checks the condition against the committed total:
 * the pool can never be over-allocated (the table's check constraint is the backstop).
 * Resources are taken in a fixed order so that two approvals touching the same pools never deadlock.
 */
export async function applyLedgerDeltas(
  tx: Tx,
  input: { projectId: string; requestId: string | null; deltas: LedgerDelta[]; reason: string },
): Promise<void> {
  const deltas = input.deltas.filter((d) => d.delta !== 0n).sort((a, b) => a.resource.localeCompare(b.resource))
  if (deltas.length === 0) return
  const allocation = await tx.allocation.upsert({
    where: { projectId: input.projectId },
    create: { projectId: input.projectId },
    update: {},
    select: { id: true },
  })
  for (const { resource, delta } of deltas) {
    // A release is checked against what the project holds before it is given back to the pool.
    if (delta < 0n) await releaseFromAllocation(tx, allocation.id, resource, delta)
    const rows = await tx.$queryRaw<{ poolId: string }[]>`
      UPDATE "PoolResource"
         SET "allocated" = "allocated" + ${delta}
       WHERE "resource" = ${resource}
         AND "allocated" + ${delta} >= 0
         AND "allocated" + ${delta} <= ${CAPACITY_SQL}
   RETURNING "poolId"`
    const pool = rows[0]
    if (!pool) {
      const [state] = await tx.$queryRaw<{ capacity: bigint; allocated: bigint }[]>`
        SELECT ${CAPACITY_SQL} AS capacity, "allocated"
          FROM "PoolResource" WHERE "resource" = ${resource}`
      throw new CapacityExceeded(resource, delta, state?.capacity ?? 0n, state?.allocated ?? 0n)
    }
    if (delta > 0n) {
      await tx.$executeRaw`
        INSERT INTO "AllocationLine" ("allocationId", "resource", "amount")
        VALUES (${allocation.id}::uuid, ${resource}, ${delta})
        ON CONFLICT ("allocationId", "resource") DO UPDATE SET "amount" = "AllocationLine"."amount" + EXCLUDED."amount"`
    }
    await tx.ledgerEntry.create({
      data: {
        poolId: pool.poolId,
        projectId: input.projectId,
        requestId: input.requestId,
        resource,
        delta,
        reason: input.reason,
      },
      select: { id: true },
    })
  }
}

async function releaseFromAllocation(tx: Tx, allocationId: string, resource: string, delta: bigint): Promise<void> {
  const released = await tx.$executeRaw`
    UPDATE "AllocationLine" SET "amount" = "amount" + ${delta}
     WHERE "allocationId" = ${allocationId}::uuid AND "resource" = ${resource} AND "amount" + ${delta} >= 0`
  if (released === 0) {
    const [line] = await tx.$queryRaw<{ amount: bigint }[]>`
      SELECT "amount" FROM "AllocationLine" WHERE "allocationId" = ${allocationId}::uuid AND "resource" = ${resource}`
    throw new AllocationUnderflow(resource, line?.amount ?? 0n, -delta)
  }
}
