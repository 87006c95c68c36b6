import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CAPACITY_SQL, capacityOf } from '#server/db/pool-capacity'
import { effectiveCapacity } from '#server/domain/capacity'
import { createTestDatabase, type TestDatabase } from '../../helpers/database'
import { makePools } from '../../helpers/fixtures'

// The effective capacity of a pool resource has one definition, the domain's effectiveCapacity
// (physical × overcommit, rounded down). PostgreSQL applies it too: the ledger's conditional
// UPDATE (CAPACITY_SQL) and the table's check constraint (written in the first migration). Both
// are run here on the real database over a table of cases and compared with the domain's answer.

/** [physical, overcommit numerator, overcommit denominator] */
const CASES: readonly (readonly [bigint, number, number])[] = [
  [0n, 1, 1],
  [0n, 4, 1],
  [1n, 1, 1],
  [256_000n, 4, 1],
  [10n, 1, 3], // 3.33… → 3
  [10n, 3, 4], // 7.5 → 7
  [7n, 2, 3], // 4.66… → 4
  [2n, 1, 3], // 0.66… → 0
  [999n, 1000, 999],
  [1_000_001n, 3, 2], // 1 500 001.5 → 1 500 001
  [2n ** 40n * 15n, 1, 1],
  [2n ** 53n + 1n, 3, 2], // past a double's exact integers: the answer must not go through a float
  [2n ** 60n, 7, 1000],
  [2n ** 31n - 1n, 2_147_483_647, 2_147_483_646],
]

let t: TestDatabase

beforeAll(async () => {
  t = await createTestDatabase()
  await makePools(t.db, { cpu: 0n })
})

afterAll(async () => {
  await t.drop()
})

async function setPool(physical: bigint, overcommitNum: number, overcommitDen: number, allocated = 0n) {
  await t.db.poolResource.update({
    where: { resource: 'cpu' },
    data: { physical, overcommitNum, overcommitDen, allocated },
  })
}

describe('effective capacity in PostgreSQL and in the domain', () => {
  it.each(CASES)('physical %s × %s/%s', async (physical, num, den) => {
    const domain = effectiveCapacity({ physical, overcommit: { numerator: BigInt(num), denominator: BigInt(den) } })
    expect(capacityOf({ physical, overcommitNum: num, overcommitDen: den })).toBe(domain)

    await setPool(physical, num, den)
    const [row] = await t.db.$queryRaw<{ capacity: bigint }[]>`
      SELECT ${CAPACITY_SQL} AS capacity FROM "PoolResource" WHERE "resource" = 'cpu'`
    expect(row?.capacity).toBe(domain)

    // The check constraint of the first migration holds the pool to the same capacity.
    await setPool(physical, num, den, domain)
    await expect(setPool(physical, num, den, domain + 1n)).rejects.toThrow(/PoolResource_allocated_within_capacity/)
  })
})
