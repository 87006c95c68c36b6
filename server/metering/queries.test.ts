import { describe, expect, it } from 'vitest'
import { exactlyOneOf, pageQueries } from './queries'

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
