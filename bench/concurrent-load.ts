// Concurrent users for the page benchmarks (bench/workflow-pages.ts, bench/audit-page.ts): each
// user runs the next request as soon as the last one answers (closed loop, no think time) or after
// an exponentially distributed pause (human pace, decision 0013); latencies as p50/p95/p99.
import { loadavg } from 'node:os'

export type Figures = { p50: number; p95: number; p99: number; count: number; rps: number }

/** The p-th percentile of ascending `sorted`. */
export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN
}

/**
 * Exponentially distributed pause with the given mean (a Poisson stream of page views per user),
 * cut short at `until`: a pause past the end of the run would only keep it from ending.
 */
const think = (mean: number, until: number) =>
  new Promise((done) =>
    setTimeout(done, Math.max(0, Math.min(-Math.log(1 - Math.random()) * mean, until - performance.now()))),
  )

/**
 * `users` users each running `work` for `seconds`, back to back (thinkMs 0) or with a think time
 * between requests; latencies in ms. With think time, users start at random moments within one
 * mean pause, as people do, rather than all at once. `work` gets the user's number.
 */
export async function load(
  users: number,
  work: (user: number) => Promise<void>,
  seconds: number,
  thinkMs: number,
): Promise<Figures> {
  const latencies: number[] = []
  const end = performance.now() + seconds * 1000
  await Promise.all(
    Array.from({ length: users }, async (_, user) => {
      if (thinkMs > 0) await think(thinkMs, end)
      while (performance.now() < end) {
        const start = performance.now()
        await work(user)
        latencies.push(performance.now() - start)
        if (thinkMs > 0) await think(thinkMs, end)
      }
    }),
  )
  latencies.sort((a, b) => a - b)
  return {
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    count: latencies.length,
    rps: latencies.length / seconds,
  }
}

export const load1 = () => loadavg()[0]!.toFixed(1)
const ms = (value: number) => value.toFixed(1)
export const figures = (f: Figures) => `${ms(f.p50)} / ${ms(f.p95)} / ${ms(f.p99)}`
