// Headroom as the project and agency pages show it (issue 5): per resource, what is used now (the
// quota's own count, recorded by the periodic provisioning pass; for object and backup storage and
// buckets, which no quota counts, the metering's newest measured hour), what is granted (the active
// allocation) and what is asked for and not yet decided (submitted new requests and increases).
import type { Db } from '../db/client'
import { METERED_USE } from '../domain/resources'
import { DEFAULT_HOUR_PLAN, HOUR_MS, hourStart } from '../metering/hours'
import { latestMeteredUse } from '../metering/latest-use'

export interface HeadroomLine {
  readonly resource: string
  /** Null where no figure is there yet (server/metering/next-measurement.ts says when the metered ones will have one). */
  readonly used: bigint | null
  readonly granted: bigint
  readonly requested: bigint
}

export interface Headroom {
  readonly lines: readonly HeadroomLine[]
  /** When the oldest quota count shown was read; null when none has been. */
  readonly usedObservedAt: Date | null
  /** The end of the oldest metered hour shown (object and backup storage, buckets); null when none. */
  readonly meteredUpTo: Date | null
}

/** How far back the newest measured hour is looked for: the metering catches up no further. */
const METERED_WINDOW_MS = DEFAULT_HOUR_PLAN.catchUpHours * HOUR_MS

/**
 * What the projects use now, per project and resource: the quota's counts and the metering's newest
 * measured hour of what only it measures. One home for the headroom and the decision page.
 */
export async function usedNow(
  db: Db,
  projectIds: readonly string[],
  now: Date,
): Promise<{ used: (Sum & { projectId: string })[]; observedAt: Date | null; meteredUpTo: Date | null }> {
  const since = new Date(hourStart(now).getTime() - METERED_WINDOW_MS)
  const [counted, metered] = await Promise.all([
    db.quotaUsage.findMany({
      where: { projectId: { in: [...projectIds] }, resource: { notIn: [...METERED_USE] } },
      select: { projectId: true, resource: true, used: true, observedAt: true },
    }),
    Promise.all(projectIds.map(async (id) => [id, await latestMeteredUse(db, id, METERED_USE, since)] as const)),
  ])
  const measured = metered.flatMap(([projectId, byResource]) =>
    [...byResource].map(([resource, use]) => ({ projectId, resource, amount: use.amount, at: use.observedAt })),
  )
  const oldest = (dates: Date[]) => (dates.length > 0 ? new Date(Math.min(...dates.map((d) => d.getTime()))) : null)
  return {
    used: [...counted.map((c) => ({ projectId: c.projectId, resource: c.resource, amount: c.used })), ...measured],
    observedAt: oldest(counted.map((c) => c.observedAt)),
    meteredUpTo: oldest(measured.map((m) => m.at)),
  }
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
export async function loadHeadroom(
  db: Db,
  scope: { projectId: string } | { agencyId: string },
  now = new Date(),
): Promise<Headroom> {
  const project = 'projectId' in scope ? { id: scope.projectId } : { agencyId: scope.agencyId }
  const [granted, requested, active] = await Promise.all([
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
    db.project.findMany({ where: { ...project, allocation: { state: 'active' } }, select: { id: true } }),
  ])
  const use = await usedNow(
    db,
    active.map((p) => p.id),
    now,
  )
  return {
    lines: mergeHeadroom({
      granted: granted.map((g) => ({ resource: g.resource, amount: g._sum.amount ?? 0n })),
      requested: requested.map((r) => ({ resource: r.resource, amount: r._sum.requested ?? 0n })),
      used: use.used,
    }),
    usedObservedAt: use.observedAt,
    meteredUpTo: use.meteredUpTo,
  }
}
