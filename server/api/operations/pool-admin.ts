import { z } from 'zod'
import { parseQuantity } from '../../domain/quantity'
import { unitOf } from '../../domain/resources'
import { issue, type FieldIssue } from '../../domain/errors'
import { PLATFORM } from '../../identity/authorise'
import { actorOf } from '../../identity/principal'
import { createPool, updatePool, type PoolChange, type PoolOutcome } from '../../pools/store'
import type { PoolResourceSetting } from '../../domain/pool'
import { requireAllowed } from '../auth'
import { originOf, type OperationContext } from '../context'
import { jsonResponse, readJsonBody } from '../http'
import { fieldProblemsOf, invalidInput, notFound } from '../problem'
import { POOL_SELECT, poolJson } from '../represent'
import type { RouteEntry } from '../routes'

// Capacity pools over the API (issue 15, decision 0054), as on the pages: operators and platform
// administrators (pool.manage) create a pool and replace its resources; the store checks them
// against what is allocated (never below it), keeps the version with its reading and audits it.

const POOLS_TARGET = { entityType: 'CapacityPool', entityId: '*', agencyId: null }

const Resource = z.object({
  resource: z.string().max(100),
  /** A Kubernetes quantity in the resource's unit ('48', '2Ti', '5000'), as GET /pools shows it. */
  physical: z.string().max(40),
  overcommit: z.object({ numerator: z.number().int(), denominator: z.number().int() }).strict(),
})
const Edit = z
  .object({
    nameVi: z.string().max(1000),
    nameEn: z.string().max(1000).nullable().optional(),
    resources: z.array(Resource).max(20),
    readingId: z.uuid().nullable(),
    reason: z.string().max(2000),
  })
  .strict()
const Create = Edit.extend({
  code: z.string().max(100),
  kind: z.enum(['compute', 'volume', 'objectStorage', 'backup']),
  storageClass: z.string().max(100).nullable().optional(),
}).strict()
const Update = Edit.extend({ seenVersion: z.number().int().min(0) }).strict()

async function authorised(context: OperationContext): Promise<PoolChange> {
  await requireAllowed(context.guard, 'pool.manage', PLATFORM, POOLS_TARGET, { hideOtherAgency: false })
  return { actor: actorOf(context.principal), origin: originOf(context) }
}

async function bodyOf<T extends z.ZodType>(context: OperationContext, schema: T): Promise<z.infer<T>> {
  const parsed = schema.safeParse(await readJsonBody(context.request))
  if (!parsed.success)
    throw invalidInput(
      parsed.error.issues.map((found) => ({
        pointer: `/${found.path.join('/')}`,
        message: { domain: { code: 'input.invalid_choice' as const, params: {} } },
      })),
    )
  return parsed.data
}

/** Quantities in the resource's unit become canonical amounts; one that does not parse is refused at its field. */
function settingsOf(resources: z.infer<typeof Resource>[]): PoolResourceSetting[] | FieldIssue[] {
  const issues: FieldIssue[] = []
  const settings = resources.map((r, index) => {
    const physical = parseQuantity(r.physical, unitOf(r.resource))
    if (!physical.ok) issues.push(issue(`resources.${index}.physical`, physical.error))
    const { numerator: overcommitNum, denominator: overcommitDen } = r.overcommit
    return { resource: r.resource, physical: physical.ok ? physical.value : 0n, overcommitNum, overcommitDen }
  })
  return issues.length > 0 ? issues : settings
}

const isIssues = (found: PoolResourceSetting[] | FieldIssue[]): found is FieldIssue[] =>
  found.length > 0 && 'error' in found[0]!

async function answer(context: OperationContext, outcome: PoolOutcome, status = 200): Promise<Response> {
  if (!outcome.ok) {
    if (outcome.issues.some((found) => found.error.code === 'pool.not_found')) throw notFound()
    throw invalidInput(fieldProblemsOf(outcome.issues))
  }
  const row = await context.guard.db.capacityPool.findUniqueOrThrow({
    where: { code: outcome.value.code },
    select: POOL_SELECT,
  })
  const headers = status === 201 ? { Location: `${context.basePath}/pools/${row.code}` } : undefined
  return jsonResponse({ ...poolJson(row), version: outcome.value.version }, { status, headers })
}

/** POST /pools */
export async function createPoolOperation(context: OperationContext): Promise<Response> {
  const change = await authorised(context)
  const body = await bodyOf(context, Create)
  const settings = settingsOf(body.resources)
  if (isIssues(settings)) throw invalidInput(fieldProblemsOf(settings))
  return answer(context, await createPool(context.guard.db, { ...body, resources: settings }, change), 201)
}

/** PUT /pools/{poolCode}: the pool's names and its whole list of resources, on top of the version seen. */
export async function updatePoolOperation(context: OperationContext): Promise<Response> {
  const change = await authorised(context)
  const code = context.params['poolCode'] ?? ''
  if (!(await context.guard.db.capacityPool.findUnique({ where: { code }, select: { id: true } }))) throw notFound()
  const body = await bodyOf(context, Update)
  const settings = settingsOf(body.resources)
  if (isIssues(settings)) throw invalidInput(fieldProblemsOf(settings))
  return answer(context, await updatePool(context.guard.db, code, { ...body, resources: settings }, change))
}

export const POOL_ADMIN_ROUTES: readonly RouteEntry[] = [
  {
    operationId: 'createPool',
    method: 'POST',
    path: '/pools',
    authorises: 'pool.manage',
    authenticated: true,
    run: createPoolOperation,
  },
  {
    operationId: 'updatePool',
    method: 'PUT',
    path: '/pools/{poolCode}',
    authorises: 'pool.manage',
    authenticated: true,
    run: updatePoolOperation,
  },
]
