import type { LoaderFunctionArgs } from '@remix-run/node'
import { resolveLocale } from '#app/utils/i18n.server'
import { loadUsage, usageCsv } from '../projects.$namespace_.usage/usage.server'

// GET /projects/{namespace}/usage.csv?resolution=…: the usage page's figures (decision 0051), on
// the page's terms (project.read within the reader's agencies), headers in the reader's language.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { namespace, resolution, usage } = await loadUsage(request, params.namespace)
  return new Response(usageCsv(usage, resolveLocale(request)), {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="usage-${namespace}-${resolution}.csv"`,
      'Cache-Control': 'no-store',
    },
  })
}
