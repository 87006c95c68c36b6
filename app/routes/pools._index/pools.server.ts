import type { Db } from '#server/db/client'
import { capacityOf } from '#server/db/pool-capacity'
import { dayTotalsOfResources } from '#server/metering/day-totals'
import { windowEndingAt } from '#server/metering/usage-series'
import { PLATFORM, may, requireAuthorised } from '#app/utils/auth.server'
import { getDb } from '#app/utils/db.server'
import { translate, type Locale, resolveLocale } from '#app/utils/i18n.server'
import { byResource, formatResourceAmount, poolName, resourceLabel } from '#app/utils/labels.server'
import { POOL_ROW_SELECT, readingView } from '#app/utils/pool-admin.server'

// Every capacity pool for the data centre's roles (pool.read; issue 15, decision 0054): per
// resource its physical figure, overcommit, capacity, what is allocated and what projects really
// used on the latest day the metering rolled up, beside the platform's latest reading of its source.

/** The latest day's real use per resource, summed over every project (the day rollups, no hours read). */
async function latestUse(db: Db, resources: readonly string[], now: Date): Promise<Map<string, bigint>> {
  const window = windowEndingAt('day', now, 2)
  const totals = await dayTotalsOfResources(db, resources, window.from, window.to)
  const latest = new Map<string, bigint>()
  for (const total of totals) if (total.used !== null) latest.set(total.resource, total.used)
  return latest
}

export async function poolsPage(request: Request, now = new Date()) {
  const principal = await requireAuthorised(request, 'pool.read', PLATFORM)
  const locale: Locale = resolveLocale(request)
  const db = getDb()
  const pools = await db.capacityPool.findMany({
    select: POOL_ROW_SELECT,
    orderBy: [{ kind: 'asc' }, { code: 'asc' }],
  })
  const used = await latestUse(
    db,
    pools.flatMap((pool) => pool.resources.map((r) => r.resource)),
    now,
  )
  // A pool's reading is its source's newest (compute: the nodes; the rest: the disks); pools are few.
  const readings = await Promise.all(
    pools.map((pool) =>
      readingView(
        db,
        pool.kind,
        pool.resources.map((r) => r.resource),
        locale,
      ),
    ),
  )
  return {
    title: translate(locale, 'poolAdmin.title'),
    manages: may(principal, 'pool.manage'),
    pools: pools.map((pool, index) => ({
      code: pool.code,
      name: poolName(pool, locale),
      kind: translate(locale, `pool.kind.${pool.kind}`) + (pool.storageClass ? ` · ${pool.storageClass}` : ''),
      reading: readings[index]?.said ?? null,
      resources: [...pool.resources].sort(byResource).map((row) => ({
        resource: row.resource,
        label: resourceLabel(row.resource, locale),
        physical: formatResourceAmount(row.resource, row.physical, locale),
        overcommit: `${row.overcommitNum}:${row.overcommitDen}`,
        capacity: formatResourceAmount(row.resource, capacityOf(row), locale),
        allocated: formatResourceAmount(row.resource, row.allocated, locale),
        read: readings[index]?.byResource[row.resource] ?? null,
        used: used.has(row.resource) ? formatResourceAmount(row.resource, used.get(row.resource)!, locale) : null,
      })),
    })),
  }
}
