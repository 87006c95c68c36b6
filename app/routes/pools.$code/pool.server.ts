import { z } from 'zod'
import type { Db } from '#server/db/client'
import { poolChart } from '#server/charts/pool-charts'
import { capacityOf, POOL_CAPACITY_SELECT } from '#server/db/pool-capacity'
import { dayTotalsOfResources } from '#server/metering/day-totals'
import { slotsOf, windowEndingAt } from '#server/metering/usage-series'
import type { Locale } from '#app/utils/i18n.server'
import { byResource, poolName, resourceLabel } from '#app/utils/labels.server'
import { meteringClock } from '#app/utils/metering-clock.server'

// A capacity pool's page for the data centre (issue 14, decision 0051): per resource, today's
// capacity against what was granted, requested and really used, day by day over 31 days, from
// the metering's day rollups summed over every project (no hours are read).

export const PoolCode = z
  .string()
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/)
  .max(63)

export async function loadPoolUsage(db: Db, code: string, locale: Locale, now = new Date()) {
  const pool = await db.capacityPool.findUnique({
    where: { code },
    select: { code: true, nameVi: true, nameEn: true, resources: { select: POOL_CAPACITY_SELECT } },
  })
  if (pool === null) return null
  const clock = meteringClock(now)
  const window = windowEndingAt('day', now)
  const days = slotsOf('day', window)
  const resources = [...pool.resources].sort(byResource)
  const totals = await dayTotalsOfResources(
    db,
    resources.map((r) => r.resource),
    window.from,
    window.to,
  )
  const byKey = new Map(totals.map((t) => [`${t.resource} ${t.day}`, t]))
  const charts = resources.map((row) =>
    poolChart(
      pool.code,
      {
        resource: row.resource,
        label: resourceLabel(row.resource, locale),
        capacity: capacityOf(row),
        physical: row.physical,
        days: days.map((day) => {
          const total = byKey.get(`${row.resource} ${day}`)
          return {
            day,
            granted: total?.granted ?? null,
            requested: total?.requested ?? null,
            used: total?.used ?? null,
            recorded: total !== undefined,
          }
        }),
      },
      locale,
      clock,
    ),
  )
  return { code: pool.code, name: poolName(pool, locale), charts }
}
