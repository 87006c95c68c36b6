// A project's approved requests move along with its provisioning: to `provisioning` when a pass
// starts on them, to `active` once the platform matches. The workflow's rules apply as for anyone.
import { DEFAULT_APPROVAL_POLICY } from '../domain/security-policy'
import { actOnRequest } from '../workflow/act-on-request'
import { SYSTEM_ACTOR } from './audit'
import type { ReconcilerDeps } from './reconcile'

export async function advanceRequests(
  deps: ReconcilerDeps,
  projectId: string,
  from: 'approved' | 'provisioning',
  action: 'start_provisioning' | 'mark_active',
  now: Date,
): Promise<void> {
  const requests = await deps.db.quotaRequest.findMany({
    where: { projectId, state: from },
    select: { id: true },
    orderBy: { number: 'asc' },
  })
  for (const request of requests) {
    await actOnRequest(deps.db, {
      requestId: request.id,
      action,
      actor: SYSTEM_ACTOR,
      policy: deps.policy ?? DEFAULT_APPROVAL_POLICY,
      now,
    })
  }
}
