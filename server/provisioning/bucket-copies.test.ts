import { describe, expect, it } from 'vitest'
import { planCopies } from './bucket-copies'

const o = (key: string, etag: string, size = 10) => ({ key, etag, size })

describe('planCopies: what changed since the last copy, by ETag', () => {
  it('copies what is new or changed, marks what is gone, and counts the rest', () => {
    const plan = planCopies(
      [o('a.pdf', '"1"'), o('b.pdf', '"2b"'), o('c/d.pdf', '"3"')],
      [o('buckets/x-data/a.pdf', '"1"'), o('buckets/x-data/b.pdf', '"2"'), o('buckets/x-data/old.pdf', '"9"')],
      'buckets/x-data/',
    )
    expect(plan.copy.map((c) => c.key)).toEqual(['b.pdf', 'c/d.pdf'])
    expect(plan.remove).toEqual(['buckets/x-data/old.pdf'])
    expect(plan.unchanged).toBe(1)
  })

  it('copies everything the first time and nothing when both sides agree', () => {
    expect(planCopies([o('a', '"1"')], [], 'p/')).toMatchObject({ copy: [o('a', '"1"')], remove: [], unchanged: 0 })
    expect(planCopies([o('a', '"1"')], [o('p/a', '"1"')], 'p/')).toMatchObject({ copy: [], remove: [], unchanged: 1 })
  })
})
