import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { PageHeader } from '#app/components/ui/page-header'
import { RouteErrorBoundary } from '#app/components/ui/route-error-boundary'
import { useT } from '#app/utils/i18n'
import { resolveLocale, translate } from '#app/utils/i18n.server'
import { titleMeta } from '#app/utils/meta'
import { StatementLines } from '../statements.$agency.$month/statement-lines'
import { statementPage } from '../statements.$agency.$month/statement.server'

// A statement to print (issue 14, decision 0048): the lines and totals alone, rendered on the
// server, so it prints from the browser's own menu without JavaScript; the print style sheet hides
// the console's header, footer and links (app.css, @media print).

export async function loader({ request, params }: LoaderFunctionArgs) {
  const page = await statementPage(request, params)
  // The tab says it is the print view, so it differs from the statement's own page.
  return { ...page, printTitle: translate(resolveLocale(request), 'statements.page.print') }
}

export const meta: MetaFunction<typeof loader> = ({ data: page, matches }) =>
  titleMeta(page ? [page.printTitle, page.title] : undefined, matches)

export default function PrintStatement() {
  const page = useLoaderData<typeof loader>()
  const t = useT()
  return (
    <article className="print-view">
      <PageHeader
        title={page.title}
        intro={`${page.agency.name} (${page.agency.code}) · ${t(`statements.state.${page.state}`)}`}
        above={page.title}
      />
      <p className="muted">{page.stateText}</p>
      <StatementLines page={page} />
    </article>
  )
}

export function ErrorBoundary() {
  return <RouteErrorBoundary />
}
