import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDatabase, type TestDatabase } from '../../helpers/database'

// A busy pool makes a transaction wait its turn, not fail (server/db/client.ts): with Prisma's
// default of 2 s to get a connection, 200 people at once (bench/load-200.ts) had a request's
// creation and the API's writes answer 500 "Unable to start a transaction in the given time"
// while reads, which wait in the driver's pool, were answered. Here the pool has one connection,
// held for 3 s by one transaction, and a second transaction asks for it at once.

let t: TestDatabase

beforeAll(async () => {
  t = await createTestDatabase({ poolSize: 1 })
})
afterAll(async () => {
  await t?.drop()
})

describe("the console's transactions on a busy pool", () => {
  it('wait past Prisma’s 2 s for the connection and then run', async () => {
    const holding = t.db.$transaction(async (tx) => {
      await tx.$executeRaw`SELECT pg_sleep(3)`
      return 'first'
    })
    // (the first one has the connection before the second asks)
    await new Promise((started) => setTimeout(started, 200))
    const asked = performance.now()
    const second = t.db.$transaction(async (tx) => (await tx.$queryRaw<{ one: number }[]>`SELECT 1 AS one`)[0]?.one)
    expect(await Promise.all([holding, second])).toEqual(['first', 1])
    // It did wait for the first one, longer than Prisma's default would have let it.
    expect(performance.now() - asked).toBeGreaterThan(2_000)
  }, 30_000)
})
