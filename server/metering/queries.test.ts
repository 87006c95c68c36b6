import { describe, expect, it } from 'vitest'
import { chunksWithin, exactlyOneOf, pageQueries } from './queries'

describe("the store's questions for a page", () => {
  it('matches exactly the names of the page, whatever they hold', () => {
    expect(exactlyOneOf(['so-khcn-cong', 'a.b', 'x"y'])).toBe('so-khcn-cong|a\\.b|x\\"y')
    expect(new RegExp(`^(?:${exactlyOneOf(['a.b', 'c'])})$`).test('axb')).toBe(false)
  })

  it('asks per namespace and per bucket, over the hour', () => {
    const q = pageQueries(['ns-a', 'ns-b'], ['ns-a-data'])
    expect(q.cpuSeconds).toBe(
      'sum by (namespace) (increase(pod_cpu_usage_seconds_total{job="kubelet-resource",namespace=~"ns-a|ns-b"}[1h]))',
    )
    expect(q.memoryAverage).toContain('[1h:1m])) / 60')
    expect(q.bucketAverage).toContain('bucket=~"ns-a-data"')
  })
})

describe('a page asked about in chunks', () => {
  it("keeps each chunk's names within the budget, in order, and the whole page", () => {
    const names = Array.from({ length: 10 }, (_, i) => `${i}`.padEnd(30, 'x'))
    const chunks = chunksWithin(names, (n) => n.length + 1, 100)
    expect(chunks.map((c) => c.length)).toEqual([3, 3, 3, 1])
    expect(chunks.flat()).toEqual(names)
    expect(chunksWithin(['a'.repeat(500), 'b'], (n) => n.length, 100)).toEqual([['a'.repeat(500)], ['b']])
    expect(chunksWithin([], () => 1)).toEqual([])
  })
})
