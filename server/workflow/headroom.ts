// Headroom as the project and agency pages show it (issue 5): per resource, what is used now (the
// quota's own count, recorded by the periodic provisioning pass), what is granted (the active
// allocation) and what is asked for and not yet decided (submitted new requests and increases).
import type { Db } from '../db/client'

export interface HeadroomLine {
  readonly resource: string
  /** Null where nothing measures it yet (object and backup storage, buckets: metering's work). */
  readonly used: bigint | null
  readonly granted: bigint
  readonly requested: bigint
}

export interface Headroom {
  readonly lines: readonly HeadroomLine[]
  /** When the oldest usage figure shown was read; null when none has been. */
  readonly usedObservedAt: Date | null
}

type Sum = { resource: string; amount: bigint }

/** One line per resource that is granted, asked for or used, in resource order; pure. */
export function mergeHeadroom(input: {
  granted: readonly Sum[]
  requested: readonly Sum[]
  used: readonly Sum[]
}): HeadroomLine[] {
  const lines = new Map<string, { used: bigint | null; granted: bigint; requested: bigint }>()
  const line = (resource: string) => {
    let found = lines.get(resource)
    if (!found) lines.set(resource, (found = { used: null, granted: 0n, requested: 0n }))
    return found
  }
  for (const g of input.granted) line(g.resource).granted += g.amount
  for (const r of input.requested) line(r.resource).requested += r.amount
  for (const u of input.used) {
    const found = line(u.resource)
    found.used = (found.used ?? 0n) + u.amount
  }
  return [...lines]
    .filter(([, l]) => l.granted !== 0n || l.requested !== 0n || (l.used ?? 0n) !== 0n)
    .map(([resource, l]) => ({ resource, ...l }))
    .sort((a, b) => a.resource.localeCompare(b.resource))
}

/** For one project, or for every project of one agency. The caller authorises first. */
export async function loadHeadroom(db: Db, scope: { projectId: string } | { agencyId: string }): Promise<Headroom> {
  const project = 'projectId' in scope ? { id: scope.projectId } : { agencyId: scope.agencyId }
  const [granted, requested, used] = await Promise.all([
    db.allocationLine.groupBy({
      by: ['resource'],
      where: { allocation: { state: 'active', project } },
      _sum: { amount: true },
    }),
    db.requestLine.groupBy({
      by: ['resource'],
      where: { request: { state: 'submitted', kind: { in: ['new', 'increase'] }, project } },
      _sum: { requested: true },
    }),
    db.quotaUsage.groupBy({
      by: ['resource'],
      where: { project: { ...project, allocation: { state: 'active' } } },
      _sum: { used: true },
      _min: { observedAt: true },
    }),
  ])
  const observed = used.map((u) => u._min.observedAt).filter((d): d is Date => d !== null)
  return {
    lines: mergeHeadroom({
      granted: granted.map((g) => ({ resource: g.resource, amount: g._sum.amount ?? 0n })),
      requested: requested.map((r) => ({ resource: r.resource, amount: r._sum.requested ?? 0n })),
      used: used.map((u) => ({ resource: u.resource, amount: u._sum.used ?? 0n })),
    }),
    usedObservedAt: observed.length > 0 ? new Date(Math.min(...observed.map((d) => d.getTime()))) : null,
  }
}
