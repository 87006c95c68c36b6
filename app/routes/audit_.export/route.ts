import type { LoaderFunctionArgs } from '@remix-run/node'
import { PLATFORM, requireAuthorised } from '#app/utils/auth.server'
import { getDb } from '#app/utils/db.server'
import { httpError, withErrorReference } from '#app/utils/errors.server'
import { searchObject } from '#app/utils/paging.server'
import { exportTrail, ExportQuery } from './export.server'

// GET /audit/export?format=csv|json&<the search>: the .tar.gz a third party verifies the trail
// with (decision 0037). audit.read, like the page.
export async function loader({ request }: LoaderFunctionArgs) {
  const principal = await requireAuthorised(request, 'audit.read', PLATFORM)
  const query = ExportQuery.safeParse(searchObject(new URL(request.url)))
  if (!query.success) throw httpError(request, 400, { key: 'audit.invalidFilter' })
  return withErrorReference(request, () => exportTrail(getDb(), principal, request, query.data))
}
