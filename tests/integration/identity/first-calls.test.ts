import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { upsertUser } from '#server/identity/users'
import { createTestDatabase, type TestDatabase } from '../../helpers/database'

// A person's (or a script's) first calls at once: each verifies its token and writes the caller's
// row in its own transaction (upsertUser). bench/load-200.ts found 500s when ten scripts of one
// service account started together: every transaction found no row, each created one, and all but
// the first failed on the subject's uniqueness (User_subject_key).

let t: TestDatabase

beforeAll(async () => {
  t = await createTestDatabase({ poolSize: 10 })
})
afterAll(async () => {
  await t?.drop()
})

describe("a person's first calls at once", () => {
  it('make one row for them, and every call gets it', async () => {
    const person = {
      subject: randomUUID(),
      username: 'service-account-govcloud-automation',
      displayName: 'Tự động hoá Sở Tài chính',
      email: 'tu-dong@stc.langson.gov.vn',
    }
    const calls = await Promise.allSettled(
      Array.from({ length: 8 }, () => t.db.$transaction((tx) => upsertUser(tx, person, { seenAt: new Date() }))),
    )
    expect(calls.filter((call) => call.status === 'rejected')).toEqual([])
    const ids = new Set(calls.map((call) => (call.status === 'fulfilled' ? call.value.id : '')))
    expect(ids.size).toBe(1)
    expect(
      await t.db.user.findMany({ where: { subject: person.subject }, select: { id: true, displayName: true } }),
    ).toEqual([{ id: [...ids][0], displayName: 'Tự động hoá Sở Tài chính' }])
  })
})
