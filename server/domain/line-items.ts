// Line items: a resource key and an amount in its canonical unit. Requests, decisions, deltas
// and allocations are all lists of them.
import type { ResourceKey } from './resources'

export interface LineItem {
  readonly resource: ResourceKey
  readonly amount: bigint
}

/** Lines as a map; a resource listed twice is summed (callers refuse duplicates earlier). */
export function linesToMap(lines: readonly LineItem[]): Map<ResourceKey, bigint> {
  const map = new Map<ResourceKey, bigint>()
  for (const line of lines) map.set(line.resource, (map.get(line.resource) ?? 0n) + line.amount)
  return map
}

/** Amount for a resource, zero when absent. */
export function amountOf(lines: readonly LineItem[], resource: ResourceKey): bigint {
  let total = 0n
  for (const line of lines) if (line.resource === resource) total += line.amount
  return total
}

/** Same resources with the same amounts, ignoring order and zero lines. */
export function sameLines(a: readonly LineItem[], b: readonly LineItem[]): boolean {
  const left = linesToMap(nonZeroLines(a))
  const right = linesToMap(nonZeroLines(b))
  if (left.size !== right.size) return false
  for (const [resource, amount] of left) if (right.get(resource) !== amount) return false
  return true
}

export function nonZeroLines(lines: readonly LineItem[]): LineItem[] {
  return lines.filter((line) => line.amount !== 0n)
}
