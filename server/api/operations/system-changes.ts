import { z } from 'zod'
import { editSystem } from '../../systems/edit'
import { decideLevelChange, proposeLevelChange, reopenLevel } from '../../systems/rereview'
import type { RouteEntry } from '../routes'
import { signedInRoute as route } from './route-entry'
import { answer, bodyOf, changeOf, ProposalBody, RegisterBody, systemChange, visibleSystem } from './systems'
import type { OperationContext } from '../context'

// Editing a registration and re-reviewing a confirmed level over the API (issue 15, decision
// 0084), with the pages' authorisation: the agency's staff edit a registration not yet confirmed
// and propose a new level (`project.update`), a security officer reopens a level and decides
// (`project.review`). Another agency's system is a 404; a stale `version` a 409.

const Version = z.number().int().nullable().optional()
const EditBody = RegisterBody.omit({ agencyCode: true }).extend({ version: z.number().int() })
const LevelChangeBody = ProposalBody.extend({ version: Version })
const ReopenBody = z.object({ reason: z.string().max(10_000), version: Version })
const DecisionBody = z.object({
  outcome: z.enum(['confirm', 'refuse']),
  reason: z.string().max(10_000).nullable().optional(),
  version: Version,
})

/** PUT /systems/{namespace}: the agency edits its registration while it is pending or returned. */
export async function editSystemOperation(context: OperationContext): Promise<Response> {
  const view = await visibleSystem(context, 'project.update')
  const body = await bodyOf(context, EditBody)
  const input = { ...body, contact: { ...body.contact, phone: body.contact.phone ?? '' } }
  return answer(context, await editSystem(context.guard.db, view.namespace, input, changeOf(context)))
}

/** POST /systems/{namespace}/level-change: the agency proposes a new level for a confirmed system. */
export const proposeLevelChangeOperation = systemChange('project.update', LevelChangeBody, proposeLevelChange)

/** POST /systems/{namespace}/reopen: a security officer reopens a confirmed level. */
export const reopenLevelOperation = systemChange('project.review', ReopenBody, reopenLevel)

/** POST /systems/{namespace}/level-decision: a security officer confirms or refuses the change. */
export const decideLevelChangeOperation = systemChange('project.review', DecisionBody, decideLevelChange)

/** Their lines of the operations' table (routes.ts). */
export const SYSTEM_CHANGE_ROUTES: readonly RouteEntry[] = [
  route('editSystem', 'PUT', '/systems/{namespace}', 'project.update', editSystemOperation),
  route(
    'proposeSystemLevelChange',
    'POST',
    '/systems/{namespace}/level-change',
    'project.update',
    proposeLevelChangeOperation,
  ),
  route('reopenSystemLevel', 'POST', '/systems/{namespace}/reopen', 'project.review', reopenLevelOperation),
  route(
    'decideSystemLevelChange',
    'POST',
    '/systems/{namespace}/level-decision',
    'project.review',
    decideLevelChangeOperation,
  ),
]
