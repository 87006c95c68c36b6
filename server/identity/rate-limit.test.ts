import { describe, expect, it } from 'vitest'
import { createRateLimiter } from './rate-limit'

describe('createRateLimiter', () => {
  it('lets a burst through, then refuses until tokens come back', () => {
    let t = 0
    const limiter = createRateLimiter({ burst: 3, perMinute: 6 }, () => t)
    expect([1, 2, 3].map(() => limiter.take('10.0.0.1').allowed)).toEqual([true, true, true])
    const refused = limiter.take('10.0.0.1')
    expect(refused).toEqual({ allowed: false, retryAfterSeconds: 10 })
    t += 10_000 // 6 a minute: one token every 10 s
    expect(limiter.take('10.0.0.1').allowed).toBe(true)
    expect(limiter.take('10.0.0.1').allowed).toBe(false)
  })

  it('keeps one bucket per key', () => {
    const limiter = createRateLimiter({ burst: 1, perMinute: 1 }, () => 0)
    expect(limiter.take('a').allowed).toBe(true)
    expect(limiter.take('a').allowed).toBe(false)
    expect(limiter.take('b').allowed).toBe(true)
  })

  it('never refills beyond the burst', () => {
    let t = 0
    const limiter = createRateLimiter({ burst: 2, perMinute: 60 }, () => t)
    t += 3_600_000
    expect([1, 2, 3].map(() => limiter.take('k').allowed)).toEqual([true, true, false])
  })

  it('forgets idle buckets first and stays bounded under a flood of keys', () => {
    let t = 0
    const limiter = createRateLimiter({ burst: 2, perMinute: 60, maxKeys: 100 }, () => t)
    limiter.take('busy')
    limiter.take('busy')
    for (let i = 0; i < 1000; i++) limiter.take(`flood-${i}`)
    expect(limiter.size()).toBeLessThanOrEqual(100)
    t += 1
    expect(limiter.take('fresh').allowed).toBe(true)
  })
})
