/**
 * Exponential backoff with jitter: the n-th retry waits between half and all of
 * min(cap, base · 2^(n-1)), so retries of many tenants after one outage spread out instead of
 * arriving together.
 */
export function backoffMs(
  attempt: number,
  options: { baseMs?: number; capMs?: number } = {},
  random: () => number = Math.random,
): number {
  const base = options.baseMs ?? 1_000
  const cap = options.capMs ?? 300_000
  const ceiling = Math.min(cap, base * 2 ** Math.max(0, attempt - 1))
  return Math.round(ceiling / 2 + random() * (ceiling / 2))
}
