import { z } from 'zod'
import { PLATFORM } from '../../identity/authorise'
import { requireAllowed } from '../auth'
import type { OperationContext } from '../context'
import { decodeCursor, encodeCursor, jsonResponse, limitOf, onlyParams, page } from '../http'
import { POOL_SELECT, poolJson } from '../represent'

/** GET /pools: capacity, allocated and headroom per resource, for the central roles. */
export async function listPools({ url, guard }: OperationContext): Promise<Response> {
  onlyParams(url, ['limit', 'cursor'])
  const limit = limitOf(url)
  const after = decodeCursor(url, 'pools', z.object({ code: z.string().max(100) }))
  await requireAllowed(
    guard,
    'pool.read',
    PLATFORM,
    { entityType: 'CapacityPool', entityId: '*', agencyId: null },
    { hideOtherAgency: false },
  )
  const rows = await guard.db.capacityPool.findMany({
    where: after === null ? {} : { code: { gt: after.code } },
    orderBy: { code: 'asc' },
    take: limit + 1,
    select: POOL_SELECT,
  })
  const { items, nextCursor } = page(rows, limit, (last) => encodeCursor('pools', { code: last.code }))
  return jsonResponse({ items: items.map(poolJson), nextCursor })
}
