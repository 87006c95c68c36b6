import { ofAgency, PLATFORM, visibleAgencyIds } from '../../identity/authorise'
import { listStatements as readStatementList, readAgencyMonth, type StatementSummary } from '../../statements/read'
import { monthOfText } from '../../statements/view'
import { requireAllowed } from '../auth'
import type { OperationContext } from '../context'
import type { RouteEntry } from '../routes'
import { jsonResponse, onlyParams, single } from '../http'
import { apiProblem, notFound } from '../problem'
import { agencyFilter } from './projects'

// The monthly statements over the API (issue 14, decision 0048 "Statements"), as on the pages:
// agency staff read their own agencies' (statement.list, statement.read), operators and platform
// administrators every agency's. Another agency's statement is answered 404, as if it did not
// exist; a list filtered by another agency's code is empty. Đồng and quantities are decimal text.

const agencyRefJson = (agency: StatementSummary['agency']) => ({
  id: agency.id,
  code: agency.code,
  name: { vi: agency.nameVi, en: agency.nameEn },
})

/** A `month` filter: `YYYY-MM`, or 400. */
function monthFilter(url: URL): string | undefined {
  const text = single(url, 'month')
  if (text === undefined) return undefined
  const month = monthOfText(text)
  if (month === null) throw apiProblem(400, 'api.invalid_query', { name: 'month' })
  return month
}

/** GET /statements */
export async function listStatements({ url, principal, guard, now }: OperationContext): Promise<Response> {
  onlyParams(url, ['agency', 'month'])
  const agencyCode = agencyFilter(url)
  const month = monthFilter(url)
  await requireAllowed(
    guard,
    'statement.list',
    PLATFORM,
    { entityType: 'MonthStatement', entityId: '*', agencyId: null },
    { hideOtherAgency: false },
  )
  const visible = visibleAgencyIds(principal, 'statement.list')
  const items = await readStatementList(guard.db, { visible, agencyCode, month, now })
  return jsonResponse({
    items: items.map((s) => ({
      agency: agencyRefJson(s.agency),
      month: s.month,
      version: s.version,
      state: s.state,
      total: s.total,
      createdAt: s.createdAt,
      problem: s.problem?.code ?? null,
    })),
  })
}

/** GET /statements/{agencyCode}/{month} */
export async function getStatement({ params, guard, now }: OperationContext): Promise<Response> {
  const agency = await guard.db.agency.findUnique({
    where: { code: params['agencyCode'] ?? '' },
    select: { id: true, code: true, nameVi: true, nameEn: true },
  })
  if (agency === null) throw notFound()
  await requireAllowed(
    guard,
    'statement.read',
    ofAgency(agency.id),
    { entityType: 'MonthStatement', entityId: `${agency.code}/${params['month'] ?? ''}`, agencyId: agency.id },
    { hideOtherAgency: true },
  )
  const month = monthOfText(params['month'] ?? '')
  if (month === null) throw notFound()
  const found = await readAgencyMonth(guard.db, agency.id, month, now)
  if (found === null) throw notFound()
  return jsonResponse({
    agency: agencyRefJson(agency),
    month: month.slice(0, 7),
    versions: found.versions,
    provisional: found.provisional,
    problem: found.problem?.code ?? null,
  })
}

export const STATEMENT_ROUTES: readonly RouteEntry[] = [
  {
    operationId: 'listStatements',
    method: 'GET',
    path: '/statements',
    authorises: 'statement.list',
    authenticated: true,
    run: listStatements,
  },
  {
    operationId: 'getStatement',
    method: 'GET',
    path: '/statements/{agencyCode}/{month}',
    authorises: 'statement.read',
    authenticated: true,
    run: getStatement,
  },
]
