import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { RouteErrorBoundary } from '#app/components/ui/route-error-boundary'
import { useT } from '#app/utils/i18n'
import { titleMeta } from '#app/utils/meta'
import { StatementLines } from '../statements.$agency.$month/statement-lines'
import { statementPage } from '../statements.$agency.$month/statement.server'

// A statement to print (issue 14, decision 0048): the lines and totals alone, rendered on the
// server, so it prints from the browser's own menu without JavaScript; the print style sheet hides
// the console's header, footer and links (app.css, @media print).

export async function loader({ request, params }: LoaderFunctionArgs) {
  return statementPage(request, params)
}

export const meta: MetaFunction<typeof loader> = ({ data: page, matches }) => titleMeta(page?.title, matches)

export default function PrintStatement() {
  const page = useLoaderData<typeof loader>()
  const t = useT()
  return (
    <article className="print-view">
      <p className="no-print">
        <Link to={page.links.list}>{t('statements.page.back')}</Link>
      </p>
      <h1>{page.title}</h1>
      <p>
        {page.agency.name} ({page.agency.code}) · {t(`statements.state.${page.state}`)}
      </p>
      <p className="muted">{page.stateText}</p>
      <StatementLines page={page} />
    </article>
  )
}

export function ErrorBoundary() {
  return <RouteErrorBoundary />
}
