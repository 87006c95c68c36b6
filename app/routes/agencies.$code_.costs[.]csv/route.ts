import type { LoaderFunctionArgs } from '@remix-run/node'
import { requireVisibleObject } from '#app/utils/auth.server'
import { getDb } from '#app/utils/db.server'
import { withErrorReference } from '#app/utils/errors.server'
import { resolveLocale } from '#app/utils/i18n.server'
import { agencyCostCsv } from '../agencies.$code/costs.server'
import { AgencyCode, findAgencyId } from '../agencies.$code/agency.server'

// GET /agencies/{code}/costs.csv: the agency page's cost chart as figures (decision 0051), on the
// statements' terms (statement.read within the reader's agencies; another agency's is a 404).
export async function loader({ request, params }: LoaderFunctionArgs) {
  const code = AgencyCode.safeParse(params.code)
  const { found } = await requireVisibleObject(request, 'statement.read', {
    type: 'Agency',
    missing: { key: 'agencies.notFound', params: { code: String(params.code ?? '') } },
    find: async () => {
      if (!code.success) return null
      const id = await findAgencyId({ db: getDb(), code: code.data })
      return id === null ? null : { id, agencyId: id, code: code.data }
    },
  })
  const csv = await withErrorReference(request, () => agencyCostCsv(getDb(), found.id, resolveLocale(request)))
  return new Response(csv, {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="costs-${found.code}.csv"`,
      'Cache-Control': 'no-store',
    },
  })
}
