import { z } from 'zod'
import { PLATFORM } from '../../identity/authorise'
import { actorOf } from '../../identity/principal'
import { savePolicyVersion } from '../../policies/store'
import { policiesOverview, policyVersionJson } from '../../policies/views'
import { requireAllowed } from '../auth'
import { originOf, type OperationContext } from '../context'
import { jsonResponse, objectBody, onlyParams, readJsonBody } from '../http'
import type { RouteEntry } from '../routes'
import { ApiProblem, fieldProblemsOf, invalidInput } from '../problem'

// The platform's policies over the API (issue 15, decision 0049), as on the page: platform
// administrators alone read them and save a version (policy.manage).

const POLICY_TARGET = { entityType: 'policy', entityId: '*', agencyId: null }

/** GET /policies */
export async function getPolicies(context: OperationContext): Promise<Response> {
  onlyParams(context.url, [])
  await requireAllowed(context.guard, 'policy.manage', PLATFORM, POLICY_TARGET, { hideOtherAgency: false })
  return jsonResponse(await policiesOverview(context.guard.db))
}

/** POST /policies */
export async function addPolicyVersion(context: OperationContext): Promise<Response> {
  await requireAllowed(context.guard, 'policy.manage', PLATFORM, POLICY_TARGET, { hideOtherAgency: false })
  const body = objectBody(await readJsonBody(context.request), ['basedOn', 'reason', 'settings'])
  const basedOn = z.number().int().min(1).safeParse(body['basedOn'])
  const reason = z.string().max(10_000).safeParse(body['reason'])
  if (!basedOn.success || !reason.success)
    throw invalidInput([
      ...(basedOn.success
        ? []
        : [{ pointer: '/basedOn', message: { domain: { code: 'input.not_integer' as const, params: {} } } }]),
      ...(reason.success
        ? []
        : [{ pointer: '/reason', message: { domain: { code: 'input.not_text' as const, params: {} } } }]),
    ])
  const saved = await savePolicyVersion(context.guard.db, {
    settings: body['settings'],
    reason: reason.data,
    basedOn: basedOn.data,
    actor: actorOf(context.principal),
    origin: originOf(context),
  })
  if (!saved.ok) {
    if (saved.refusal.kind === 'stale')
      throw new ApiProblem(
        409,
        { api: 'api.policy_stale', params: { expected: basedOn.data, current: saved.refusal.inForce } },
        { code: 'policy.stale' },
      )
    throw invalidInput(
      fieldProblemsOf(
        saved.refusal.issues.map((i) => (i.path === 'reason' ? i : { ...i, path: `settings.${i.path}` })),
      ),
    )
  }
  return jsonResponse(policyVersionJson(saved.value), {
    status: 201,
    headers: { Location: `${context.basePath}/policies` },
  })
}

/** Their lines of the operations' table (routes.ts). */
export const POLICY_ROUTES: readonly RouteEntry[] = [
  {
    operationId: 'getPolicies',
    method: 'GET',
    path: '/policies',
    authorises: 'policy.manage',
    authenticated: true,
    run: getPolicies,
  },
  {
    operationId: 'addPolicyVersion',
    method: 'POST',
    path: '/policies',
    authorises: 'policy.manage',
    authenticated: true,
    run: addPolicyVersion,
  },
]
