import { z } from 'zod'
import {
  archiveAgency,
  createAgency,
  renameAgency,
  reparentAgency,
  type AgencyChange,
  type AgencyOutcome,
} from '../../agencies/store'
import { PLATFORM } from '../../identity/authorise'
import { actorOf } from '../../identity/principal'
import { requireAllowed } from '../auth'
import { originOf, type OperationContext } from '../context'
import { jsonResponse, objectBody, readJsonBody } from '../http'
import { fieldProblemsOf, invalidInput, notFound } from '../problem'
import { AGENCY_SELECT, agencyJson } from '../represent'
import type { RouteEntry } from '../routes'

// The agencies' administration over the API (issue 15, decision 0052), as on the pages: platform
// administrators alone (agency.manage) create, rename, move and archive; the store checks each
// against the whole tree (a cycle is refused whatever was sent) and audits it.

const AGENCIES_TARGET = { entityType: 'Agency', entityId: '*', agencyId: null }

/** Text fields of a bounded length, optional; anything else is refused at its field. */
const Text = (max: number) => z.string().max(max).optional()
const Body = z.object({
  code: Text(100),
  nameVi: Text(1000),
  nameEn: Text(1000).nullable(),
  kind: Text(50),
  parentCode: Text(100).nullable(),
})

async function authorised(context: OperationContext): Promise<AgencyChange> {
  await requireAllowed(context.guard, 'agency.manage', PLATFORM, AGENCIES_TARGET, { hideOtherAgency: false })
  return { actor: actorOf(context.principal), origin: originOf(context) }
}

/** The JSON body's fields, each text of a bounded length (or null where allowed), else 422 at the field. */
async function bodyOf(context: OperationContext, fields: readonly (keyof z.infer<typeof Body>)[]) {
  const parsed = Body.safeParse(objectBody(await readJsonBody(context.request), fields))
  if (!parsed.success)
    throw invalidInput(
      parsed.error.issues.map((found) => ({
        pointer: `/${found.path.join('/')}`,
        message: { domain: { code: 'input.not_text' as const, params: {} } },
      })),
    )
  return parsed.data
}

async function allowedBody(context: OperationContext, fields: readonly (keyof z.infer<typeof Body>)[]) {
  const change = await authorised(context)
  return { body: await bodyOf(context, fields), change }
}

/** The agency as the API shows it, or the refusal: 404 for an unknown agency in the path, else 422 at its field. */
async function answer(context: OperationContext, outcome: AgencyOutcome, status = 200): Promise<Response> {
  if (!outcome.ok) {
    if (outcome.issues.some((found) => found.path === '' && found.error.code === 'agency.not_found')) throw notFound()
    throw invalidInput(fieldProblemsOf(outcome.issues))
  }
  const row = await context.guard.db.agency.findUniqueOrThrow({
    where: { id: outcome.value.id },
    select: AGENCY_SELECT,
  })
  const headers = status === 201 ? { Location: `${context.basePath}/agencies/${row.code}` } : undefined
  return jsonResponse(agencyJson(row), { status, headers })
}

const codeOf = (context: OperationContext) => context.params['agencyCode'] ?? ''

/** POST /agencies */
export async function createAgencyOperation(context: OperationContext): Promise<Response> {
  const { body, change } = await allowedBody(context, ['code', 'nameVi', 'nameEn', 'kind', 'parentCode'])
  const input = { code: body.code ?? '', nameVi: body.nameVi ?? '', nameEn: body.nameEn, kind: body.kind ?? '' }
  const outcome = await createAgency(context.guard.db, { ...input, parentCode: body.parentCode }, change)
  return answer(context, outcome, 201)
}

/** POST /agencies/{agencyCode}/rename */
export async function renameAgencyOperation(context: OperationContext): Promise<Response> {
  const { body, change } = await allowedBody(context, ['nameVi', 'nameEn'])
  const names = { nameVi: body.nameVi ?? '', nameEn: body.nameEn }
  return answer(context, await renameAgency(context.guard.db, codeOf(context), names, change))
}

/** POST /agencies/{agencyCode}/move */
export async function moveAgencyOperation(context: OperationContext): Promise<Response> {
  const { body, change } = await allowedBody(context, ['parentCode'])
  const parent = body.parentCode || null
  return answer(context, await reparentAgency(context.guard.db, codeOf(context), parent, change))
}

/** POST /agencies/{agencyCode}/archive */
export async function archiveAgencyOperation(context: OperationContext): Promise<Response> {
  const change = await authorised(context)
  return answer(context, await archiveAgency(context.guard.db, codeOf(context), change))
}

const route = (operationId: string, path: string, run: RouteEntry['run']): RouteEntry => ({
  operationId,
  method: 'POST',
  path,
  authorises: 'agency.manage',
  authenticated: true,
  run,
})

/** Their lines of the operations' table (routes.ts). */
export const AGENCY_ADMIN_ROUTES: readonly RouteEntry[] = [
  route('createAgency', '/agencies', createAgencyOperation),
  route('renameAgency', '/agencies/{agencyCode}/rename', renameAgencyOperation),
  route('moveAgency', '/agencies/{agencyCode}/move', moveAgencyOperation),
  route('archiveAgency', '/agencies/{agencyCode}/archive', archiveAgencyOperation),
]
