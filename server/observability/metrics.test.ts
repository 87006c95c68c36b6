import { describe, expect, it, vi } from 'vitest'
import { metricsRegistry, reconcileOutcome } from './metrics'

describe("a reconcile pass's outcome label", () => {
  it('is failed when the pass stopped on an error, whatever it wrote first', () => {
    expect(reconcileOutcome({ error: { code: 'unavailable' }, drift: ['quota'], writes: 2 })).toBe('failed')
  })
  it('is repaired when it wrote to the platform or found drift', () => {
    expect(reconcileOutcome({ error: null, drift: [], writes: 1 })).toBe('repaired')
    expect(reconcileOutcome({ error: null, drift: ['role-binding'], writes: 0 })).toBe('repaired')
  })
  it('is in_sync when there was nothing to do', () => {
    expect(reconcileOutcome({ error: null, drift: [], writes: 0 })).toBe('in_sync')
  })
})

describe('the metrics module', () => {
  it('may be evaluated again in a process whose registry already holds its metrics (test files share one)', async () => {
    const first = await import('./metrics')
    vi.resetModules()
    const again = await import('./metrics')
    expect(again).not.toBe(first)
    expect(again.signInFailures).toBe(first.signInFailures)
  })
})

describe('the age gauges before any read of the database', () => {
  it('say NaN, not 0: a process that serves them unread (the development server) must not report a fresh age', async () => {
    // prom-client writes NaN as "Nan"; Prometheus's and VictoriaMetrics' parsers take any case.
    const text = await metricsRegistry.metrics()
    expect(text).toMatch(/^govcloud_metering_lag_seconds nan$/im)
    expect(text).toMatch(/^govcloud_audit_checkpoint_age_seconds nan$/im)
  })
})
