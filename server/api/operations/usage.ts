import { formatK8sQuantity } from '../../domain/quantity'
import { unitOf } from '../../domain/resources'
import { ofAgency } from '../../identity/authorise'
import { projectUsage } from '../../metering/usage-history'
import { RESOLUTIONS, requestedWindow, type Resolution, type UsagePoint } from '../../metering/usage-series'
import { requireAllowed } from '../auth'
import type { OperationContext } from '../context'
import type { RouteEntry } from '../routes'
import { jsonResponse, onlyParams, single } from '../http'
import { apiProblem, notFound } from '../problem'

// GET /projects/{namespace}/usage (issue 14, decision 0051): what the project's usage page shows,
// on the page's terms (project.read; another agency's project is 404, as if it did not exist), as
// Kubernetes quantities like the rest of the API.

const NAMESPACE = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/

function resolutionOf(url: URL): Resolution {
  const raw = single(url, 'resolution') ?? 'day'
  if (!(RESOLUTIONS as readonly string[]).includes(raw))
    throw apiProblem(400, 'api.invalid_query', { name: 'resolution' })
  return raw as Resolution
}

function pointJson(resource: string, p: UsagePoint) {
  const amount = (value: bigint | null) => (value === null ? null : formatK8sQuantity(value, unitOf(resource)))
  return {
    start: p.start,
    hours: p.hours,
    usedHours: p.usedHours,
    granted: amount(p.granted),
    requested: amount(p.requested),
    used: amount(p.used),
    usedPeak: amount(p.usedPeak),
  }
}

export async function getProjectUsage(context: OperationContext, now = new Date()): Promise<Response> {
  const { url, guard } = context
  onlyParams(url, ['resolution', 'from', 'to'])
  const namespace = context.params['namespace'] ?? ''
  if (!NAMESPACE.test(namespace)) throw notFound()
  const row = await guard.db.project.findUnique({ where: { namespace }, select: { id: true, agencyId: true } })
  if (row === null) throw notFound()
  await requireAllowed(
    guard,
    'project.read',
    ofAgency(row.agencyId),
    { entityType: 'Project', entityId: row.id, agencyId: row.agencyId },
    { hideOtherAgency: true },
  )
  const resolution = resolutionOf(url)
  const asked = requestedWindow(resolution, { from: single(url, 'from'), to: single(url, 'to') }, now)
  if (!asked.ok)
    throw apiProblem(400, 'api.invalid_query', { name: asked.refused === 'window' ? 'from/to' : asked.refused })
  const usage = await projectUsage(guard.db, row.id, resolution, asked.window)
  return jsonResponse({
    namespace,
    resolution,
    from: asked.window.from,
    to: asked.window.to,
    resources: usage.map((r) => ({
      resource: r.resource,
      unit: unitOf(r.resource),
      points: r.points.map((p) => pointJson(r.resource, p)),
    })),
  })
}

export const USAGE_ROUTES: readonly RouteEntry[] = [
  {
    operationId: 'getProjectUsage',
    method: 'GET',
    path: '/projects/{namespace}/usage',
    authorises: 'project.read',
    authenticated: true,
    run: (context) => getProjectUsage(context),
  },
]
