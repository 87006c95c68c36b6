import { effectiveCapacity } from '../domain/capacity'
import { Prisma } from './generated/client'

// A PoolResource row's effective capacity, for the TypeScript that reads pool rows and for the
// SQL that must decide inside PostgreSQL (the ledger's conditional update). Both are the domain's
// effectiveCapacity: tests/integration/workflow/capacity-formula.test.ts runs the SQL over a table
// of cases (rounding included) and compares it, and the table's check constraint, with it.

/** The columns a pool resource's capacity and room are read from. */
export const POOL_CAPACITY_SELECT = {
  resource: true,
  physical: true,
  overcommitNum: true,
  overcommitDen: true,
  allocated: true,
} satisfies Prisma.PoolResourceSelect

export type PoolCapacityRow = { physical: bigint; overcommitNum: number; overcommitDen: number }

/** The domain's effectiveCapacity of a row (the overcommit ratio is kept as two Int columns). */
export function capacityOf(row: PoolCapacityRow): bigint {
  return effectiveCapacity({
    physical: row.physical,
    overcommit: { numerator: BigInt(row.overcommitNum), denominator: BigInt(row.overcommitDen) },
  })
}

/** What is left to promise: capacity − allocated (negative when a pool was shrunk below it). */
export function roomOf(row: PoolCapacityRow & { allocated: bigint }): bigint {
  return capacityOf(row) - row.allocated
}

/**
 * effectiveCapacity over the columns of "PoolResource". PostgreSQL's integer division truncates,
 * which is the floor for the non-negative values the table's check constraint allows.
 */
export const CAPACITY_SQL = Prisma.sql`("physical" * "overcommitNum") / "overcommitDen"`
