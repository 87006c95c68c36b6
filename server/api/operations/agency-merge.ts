import { z } from 'zod'
import { cancelMerge, requestMerge } from '../../agencies/merge'
import { previewFingerprint, previewMerge, type MergeAsked, type MergePreview } from '../../agencies/merge-inputs'
import { agencyTree, type AgencyChange } from '../../agencies/store'
import type { FieldIssue } from '../../domain/errors'
import { PLATFORM } from '../../identity/authorise'
import { actorOf } from '../../identity/principal'
import type { components } from '../generated/openapi'
import { requireAllowed } from '../auth'
import { originOf, type OperationContext } from '../context'
import { jsonResponse, objectBody, onlyParams, readJsonBody } from '../http'
import { ApiProblem, fieldProblemsOf, invalidInput, notFound } from '../problem'
import type { RouteEntry } from '../routes'

// POST /agencies/{agencyCode}/merge (issue 15, decision 0057): platform administrators alone
// (agency.manage), as on the agency's page; a dry run answers the preview and changes nothing.

type AgencyMergeJson = components['schemas']['AgencyMerge']

const Body = z.object({
  intoCode: z.string().max(100).optional(),
  effectiveDate: z.string().max(10).optional(),
  dryRun: z.boolean().optional(),
  previewed: z.string().max(40).optional(),
})

async function authorised(context: OperationContext): Promise<AgencyChange> {
  const target = { entityType: 'Agency', entityId: context.params['agencyCode'] ?? '*', agencyId: null }
  await requireAllowed(context.guard, 'agency.manage', PLATFORM, target, { hideOtherAgency: false })
  return { actor: actorOf(context.principal), origin: originOf(context) }
}

async function bodyOf(context: OperationContext) {
  const parsed = Body.safeParse(
    objectBody(await readJsonBody(context.request), ['intoCode', 'effectiveDate', 'dryRun', 'previewed']),
  )
  if (!parsed.success)
    throw invalidInput(
      parsed.error.issues.map((found) => ({
        pointer: `/${found.path.join('/')}`,
        message: {
          domain: {
            code: found.path[0] === 'dryRun' ? ('input.invalid_choice' as const) : ('input.not_text' as const),
            params: {},
          },
        },
      })),
    )
  return parsed.data
}

/** 404 for the agency in the path, else 422 at the body's field. */
function refused(issues: readonly FieldIssue[]): never {
  if (issues.some((found) => found.path === '' && found.error.code === 'agency.not_found')) throw notFound()
  throw invalidInput(fieldProblemsOf(issues))
}

const previewJson = (preview: MergePreview): NonNullable<AgencyMergeJson['preview']> => ({
  projects: preview.projects.map((p) => ({ ...p })),
  childAgencyCodes: preview.children.map((c) => c.code),
  totals: preview.totals.map((t) => ({ ...t })),
  openRequests: preview.openRequests,
  activeKeys: preview.activeKeys,
  applyNow: preview.due,
  fingerprint: previewFingerprint(preview),
})

/** POST /agencies/{agencyCode}/merge */
export async function mergeAgencyOperation(context: OperationContext): Promise<Response> {
  const change = await authorised(context)
  const body = await bodyOf(context)
  const db = context.guard.db
  const asked: MergeAsked = {
    fromCode: context.params['agencyCode'] ?? '',
    intoCode: body.intoCode ?? '',
    effectiveDate: body.effectiveDate ?? '',
  }
  if (body.dryRun === true) {
    const preview = await previewMerge(db, await agencyTree(db), asked, new Date())
    if (!preview.ok) refused(preview.issues)
    const { from, into, effectiveDate } = preview.value
    const json: AgencyMergeJson = {
      fromCode: from.code,
      intoCode: into.code,
      effectiveDate,
      state: 'preview',
      changed: false,
      preview: previewJson(preview.value),
    }
    return jsonResponse(json)
  }
  const outcome = await requestMerge(db, asked, change, new Date(), body.previewed)
  if (!outcome.ok) refused(outcome.issues)
  const { fromCode, intoCode, effectiveDate, state, changed } = outcome.value
  return jsonResponse({ fromCode, intoCode, effectiveDate, state, changed } satisfies AgencyMergeJson)
}

/** POST /agencies/{agencyCode}/merge/cancel: a scheduled merger is cancelled, a refused one cleared; an applied one is 409. */
export async function cancelAgencyMergeOperation(context: OperationContext): Promise<Response> {
  const change = await authorised(context)
  onlyParams(context.url, [])
  const outcome = await cancelMerge(context.guard.db, context.params['agencyCode'] ?? '', change)
  if (!outcome.ok) {
    const found = outcome.issues[0]!.error
    if (found.code === 'agency.not_found') throw notFound()
    throw new ApiProblem(409, { domain: found }, { code: found.code })
  }
  const { fromCode, intoCode, effectiveDate, changed, state } = outcome.value
  const answer = state === 'refused' ? 'cleared' : 'cancelled'
  return jsonResponse({ fromCode, intoCode, effectiveDate, state: answer, changed } satisfies AgencyMergeJson)
}

/** Their lines of the operations' table (routes.ts). */
export const AGENCY_MERGE_ROUTE: RouteEntry = {
  operationId: 'mergeAgency',
  method: 'POST',
  path: '/agencies/{agencyCode}/merge',
  authorises: 'agency.manage',
  authenticated: true,
  run: mergeAgencyOperation,
}

export const AGENCY_MERGE_CANCEL_ROUTE: RouteEntry = {
  operationId: 'cancelAgencyMerge',
  method: 'POST',
  path: '/agencies/{agencyCode}/merge/cancel',
  authorises: 'agency.manage',
  authenticated: true,
  run: cancelAgencyMergeOperation,
}
