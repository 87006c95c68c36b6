import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { keyedDebounce } from './debounce'

beforeEach(() => void vi.useFakeTimers())
afterEach(() => void vi.useRealTimers())

describe('the debounce of changes per namespace', () => {
  it('fires a key once its changes have been quiet for the wait, each key on its own', () => {
    const fired: string[] = []
    const d = keyedDebounce((key) => fired.push(key), { quietMs: 2_000, maxWaitMs: 10_000 })
    d.touch('a')
    vi.advanceTimersByTime(1_500)
    d.touch('a')
    d.touch('b')
    vi.advanceTimersByTime(1_999)
    expect(fired).toEqual([])
    vi.advanceTimersByTime(1)
    expect(fired).toEqual(['a', 'b'])
    expect(d.pending).toBe(0)
  })

  it('fires a key that never goes quiet at the latest the longest wait after its first change', () => {
    const fired: number[] = []
    const d = keyedDebounce(() => fired.push(Date.now()), { quietMs: 2_000, maxWaitMs: 5_000 })
    const start = Date.now()
    for (let t = 0; t < 12; t++) {
      d.touch('busy')
      vi.advanceTimersByTime(1_000)
    }
    expect(fired.map((at) => at - start)).toEqual([5_000, 10_000])
  })

  it('fires what is pending when flushed and nothing once cancelled', () => {
    const fired: string[] = []
    const d = keyedDebounce((key) => fired.push(key), { quietMs: 2_000, maxWaitMs: 10_000 })
    d.touch('a')
    d.flush()
    d.touch('b')
    d.cancel()
    vi.advanceTimersByTime(20_000)
    expect(fired).toEqual(['a'])
  })
})
