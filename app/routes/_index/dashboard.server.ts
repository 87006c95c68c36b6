import type { Db } from '#server/db/client'
import { RequestState } from '#server/db/generated/enums'
import { capacityOf, POOL_CAPACITY_SELECT } from '#server/db/pool-capacity'
import {
  allocationPercent,
  byResource,
  formatInteger,
  formatResourceAmount,
  poolName,
  resourceLabel,
} from '#app/utils/labels.server'
import { translate, type Locale } from '#app/utils/i18n.server'

/** Requests that wait for someone at the data centre to act. */
const WAITING: readonly RequestState[] = ['submitted']

/**
 * The counts a person may see: `agencyIds` null for the data-centre roles (everything), else only
 * their agencies; the pools only for those who may read them (pool.read).
 */
export async function loadDashboard({
  db,
  locale,
  agencyIds,
  showPools,
}: {
  db: Db
  locale: Locale
  agencyIds: readonly string[] | null
  showPools: boolean
}) {
  const ownAgency = agencyIds === null ? {} : { id: { in: [...agencyIds] } }
  const ownData = agencyIds === null ? {} : { agencyId: { in: [...agencyIds] } }
  const [agencyTotal, agencyActive, projectCounts, requestGroups, pools] = await Promise.all([
    // Agencies are a province's administrative units (about a thousand): counted directly.
    db.agency.count({ where: ownAgency }),
    db.agency.count({ where: { ...ownAgency, status: 'active' } }),
    // Projects and requests grow without bound: their counts are kept per agency by triggers
    // (migrations request_state_counts and workflow_page_indexes), so a view adds up one row per
    // agency (per state) instead of counting ten thousand projects and a hundred thousand requests.
    db.projectCount.aggregate({ where: ownData, _sum: { count: true } }),
    db.requestStateCount.groupBy({ by: ['state'], where: ownData, _sum: { count: true } }),
    !showPools
      ? Promise.resolve(null)
      : db.capacityPool.findMany({
          select: {
            code: true,
            nameVi: true,
            nameEn: true,
            kind: true,
            resources: { select: POOL_CAPACITY_SELECT },
          },
          orderBy: [{ kind: 'asc' }, { code: 'asc' }],
        }),
  ])

  const countByState = new Map(requestGroups.map((group) => [group.state, group._sum.count ?? 0]))
  const requestTotal = requestGroups.reduce((sum, group) => sum + (group._sum.count ?? 0), 0)
  const waiting = WAITING.reduce((sum, state) => sum + (countByState.get(state) ?? 0), 0)

  return {
    title: translate(locale, 'dashboard.title'),
    agencies: {
      total: formatInteger(agencyTotal, locale),
      active: translate(locale, 'dashboard.agenciesActive', { count: formatInteger(agencyActive, locale) }),
    },
    projects: { total: formatInteger(projectCounts._sum.count ?? 0, locale) },
    requests: {
      total: formatInteger(requestTotal, locale),
      waiting: translate(locale, 'dashboard.requestsWaiting', { count: formatInteger(waiting, locale) }),
      byState: Object.values(RequestState).map((state) => ({
        state,
        label: translate(locale, `request.state.${state}`),
        count: formatInteger(countByState.get(state) ?? 0, locale),
      })),
    },
    pools: pools?.map((pool) => ({
      code: pool.code,
      name: poolName(pool, locale),
      kind: translate(locale, `pool.kind.${pool.kind}`),
      resources: [...pool.resources].sort(byResource).map((row) => {
        const capacity = capacityOf(row)
        const overcommitted = row.overcommitNum !== row.overcommitDen
        return {
          resource: row.resource,
          label: resourceLabel(row.resource, locale),
          allocated: formatResourceAmount(row.resource, row.allocated, locale),
          capacity: formatResourceAmount(row.resource, capacity, locale),
          percent: allocationPercent(row.allocated, capacity, locale),
          overcommit: overcommitted
            ? translate(locale, 'dashboard.overcommit', { ratio: `${row.overcommitNum}:${row.overcommitDen}` })
            : null,
        }
      }),
    })),
  }
}
