import { z } from 'zod'
import type { FieldIssue } from '../../domain/errors'
import { MACHINE_SYMBOLS } from '../../domain/decimal'
import { COEFFICIENT_FIELDS } from '../../domain/footprint-input'
import { PLATFORM } from '../../identity/authorise'
import { actorOf } from '../../identity/principal'
import { addFootprintVersion, addRateCardVersion } from '../../rates/add-version'
import { footprintJson, rateCardJson, ratesOverview } from '../../rates/views'
import { requireAllowed } from '../auth'
import { originOf, type OperationContext } from '../context'
import type { RouteEntry } from '../routes'
import { jsonResponse, objectBody, onlyParams, readJsonBody } from '../http'
import { fieldProblemsOf, invalidInput, pointerOf, type FieldProblem } from '../problem'

// The rate card and the footprint coefficients over the API (issue 14, decision 0048), as on the
// page: everyone signed in reads them (price.read), operators and platform administrators add a
// version (price.manage). Figures travel as decimal strings with a dot, never as JSON numbers.

const RATES_TARGET = { entityType: 'RateCardVersion', entityId: '*', agencyId: null }
const FOOTPRINT_TARGET = { entityType: 'FootprintVersion', entityId: '*', agencyId: null }

const Text = (max: number) => z.string().max(max)
const PriceLines = z.array(z.object({ resource: Text(80), price: Text(40), basis: Text(40) }).strict()).max(200)
const MediaLines = z
  .array(z.object({ resource: Text(80), medium: Text(10), replicas: z.number().int() }).strict())
  .max(200)
const Figures = z.object(Object.fromEntries(COEFFICIENT_FIELDS.map((f) => [f, Text(40)]))).strict()

/** Fields the body's shape got wrong, as problems at their pointers. */
function shapeProblems(checks: Record<string, z.ZodSafeParseResult<unknown>>): FieldProblem[] {
  return Object.entries(checks).flatMap(([name, result]) =>
    result.success ? [] : [{ pointer: `/${name}`, message: { domain: { code: 'input.not_object', params: {} } } }],
  )
}

/** Domain issues keyed by resource (`prices.cpu.price`) as pointers into the body's array (`/prices/0/price`). */
function issuesAt(issues: readonly FieldIssue[], list: string, lines: readonly { resource: string }[]): FieldProblem[] {
  return issues.map((found) => {
    const [head, ...rest] = found.path.split('.')
    if (head !== list) return fieldProblemsOf([found])[0]!
    const tail = rest.join('.')
    const index = lines.findIndex((line) => tail === line.resource || tail.startsWith(`${line.resource}.`))
    if (index < 0) return { pointer: `/${list}`, message: { domain: found.error } }
    const field = tail.slice(lines[index]!.resource.length + 1)
    return {
      pointer: pointerOf(field === '' ? `${index}` : `${index}.${field}`, `/${list}`),
      message: { domain: found.error },
    }
  })
}

/** GET /rates */
export async function getRates(context: OperationContext): Promise<Response> {
  onlyParams(context.url, [])
  await requireAllowed(context.guard, 'price.read', PLATFORM, RATES_TARGET, { hideOtherAgency: false })
  return jsonResponse(await ratesOverview(context.guard.db, context.now))
}

/** POST /rates/cards */
export async function addRateCard(context: OperationContext): Promise<Response> {
  await requireAllowed(context.guard, 'price.manage', PLATFORM, RATES_TARGET, { hideOtherAgency: false })
  const body = objectBody(await readJsonBody(context.request), ['effectiveFrom', 'note', 'prices'])
  const checks = {
    effectiveFrom: z.string().max(20).safeParse(body['effectiveFrom']),
    note: Text(500).optional().safeParse(body['note']),
    prices: PriceLines.safeParse(body['prices']),
  }
  const problems = shapeProblems(checks)
  if (problems.length > 0 || !checks.prices.success) throw invalidInput(problems)
  const prices = checks.prices.data
  const result = await addRateCardVersion(context.guard.db, {
    effectiveFrom: String(body['effectiveFrom']),
    note: typeof body['note'] === 'string' ? body['note'] : '',
    prices,
    symbols: MACHINE_SYMBOLS,
    actor: actorOf(context.principal),
    origin: originOf(context),
    now: context.now,
  })
  if (!result.ok) throw invalidInput(issuesAt(result.issues, 'prices', prices))
  return jsonResponse(rateCardJson(result.version), {
    status: 201,
    headers: { Location: `${context.basePath}/rates` },
  })
}

/** POST /rates/footprints */
export async function addFootprint(context: OperationContext): Promise<Response> {
  await requireAllowed(context.guard, 'price.manage', PLATFORM, FOOTPRINT_TARGET, { hideOtherAgency: false })
  const body = objectBody(await readJsonBody(context.request), ['effectiveFrom', 'source', 'figures', 'media'])
  const checks = {
    effectiveFrom: z.string().max(20).safeParse(body['effectiveFrom']),
    source: Text(500).min(1).safeParse(body['source']),
    figures: Figures.safeParse(body['figures']),
    media: MediaLines.safeParse(body['media']),
  }
  const problems = shapeProblems(checks)
  if (problems.length > 0 || !checks.figures.success || !checks.media.success) throw invalidInput(problems)
  const media = checks.media.data
  const result = await addFootprintVersion(context.guard.db, {
    effectiveFrom: String(body['effectiveFrom']),
    source: String(body['source']),
    input: { figures: checks.figures.data as Record<(typeof COEFFICIENT_FIELDS)[number], string>, media },
    symbols: MACHINE_SYMBOLS,
    actor: actorOf(context.principal),
    origin: originOf(context),
    now: context.now,
  })
  if (!result.ok) throw invalidInput(issuesAt(result.issues, 'media', media))
  return jsonResponse(footprintJson(result.version), {
    status: 201,
    headers: { Location: `${context.basePath}/rates` },
  })
}

/** The rate card's operations in the API's table (routes.ts). */
export const RATE_ROUTES: readonly RouteEntry[] = [
  {
    operationId: 'getRates',
    method: 'GET',
    path: '/rates',
    authorises: 'price.read',
    authenticated: true,
    run: getRates,
  },
  {
    operationId: 'addRateCard',
    method: 'POST',
    path: '/rates/cards',
    authorises: 'price.manage',
    authenticated: true,
    run: addRateCard,
  },
  {
    operationId: 'addFootprint',
    method: 'POST',
    path: '/rates/footprints',
    authorises: 'price.manage',
    authenticated: true,
    run: addFootprint,
  },
]
