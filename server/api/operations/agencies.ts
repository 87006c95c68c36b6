import { z } from 'zod'
import { ofAgency, PLATFORM, visibleAgencyIds } from '../../identity/authorise'
import { requireAllowed } from '../auth'
import type { OperationContext } from '../context'
import { decodeCursor, encodeCursor, jsonResponse, limitOf, onlyParams, page } from '../http'
import { notFound } from '../problem'
import { AGENCY_SELECT, agencyJson } from '../represent'

/** GET /agencies: the agencies the caller can see, by code. */
export async function listAgencies({ url, principal, guard }: OperationContext): Promise<Response> {
  onlyParams(url, ['limit', 'cursor'])
  const limit = limitOf(url)
  const after = decodeCursor(url, 'agencies', z.object({ code: z.string().max(100) }))
  await requireAllowed(
    guard,
    'agency.list',
    PLATFORM,
    { entityType: 'Agency', entityId: '*', agencyId: null },
    { hideOtherAgency: false },
  )
  const visible = visibleAgencyIds(principal, 'agency.list')
  const rows = await guard.db.agency.findMany({
    where: {
      AND: [visible === null ? {} : { id: { in: [...visible] } }, after === null ? {} : { code: { gt: after.code } }],
    },
    orderBy: { code: 'asc' },
    take: limit + 1,
    select: AGENCY_SELECT,
  })
  const { items, nextCursor } = page(rows, limit, (last) => encodeCursor('agencies', { code: last.code }))
  return jsonResponse({ items: items.map(agencyJson), nextCursor })
}

/** GET /agencies/{agencyCode} */
export async function getAgency({ params, guard }: OperationContext): Promise<Response> {
  const code = params['agencyCode'] ?? ''
  const row = await guard.db.agency.findUnique({ where: { code }, select: AGENCY_SELECT })
  if (row === null) throw notFound()
  await requireAllowed(
    guard,
    'agency.read',
    ofAgency(row.id),
    { entityType: 'Agency', entityId: row.id, agencyId: row.id },
    { hideOtherAgency: true },
  )
  return jsonResponse(agencyJson(row))
}
