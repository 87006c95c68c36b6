import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { SecurityNav } from '#app/components/security-nav'
import { RegistrationFacts, RegistrationHistory } from '#app/components/system-detail'
import { ReviewFormView } from '#app/components/system-forms'
import { PageHeader } from '#app/components/ui/page-header'
import { RouteErrorBoundary } from '#app/components/ui/route-error-boundary'
import { useT } from '#app/utils/i18n'
import { titleMeta } from '#app/utils/meta'
import { reviewFromForm, reviewPage } from './review.server'

// A security officer reviews one registration's level (issue 15, decision 0055).

export async function loader({ request, params }: LoaderFunctionArgs) {
  return reviewPage(request, params['namespace'] ?? '')
}

export async function action({ request, params }: ActionFunctionArgs) {
  const outcome = await reviewFromForm(request, params['namespace'] ?? '')
  if (outcome.ok) return redirect('/security/systems?reviewed=1')
  return data({ errors: outcome.errors, values: outcome.values }, { status: 422 })
}

export const meta: MetaFunction<typeof loader> = ({ data: page, matches }) => titleMeta(page?.title, matches)

export default function SystemReview() {
  const page = useLoaderData<typeof loader>()
  const t = useT()
  return (
    <>
      <SecurityNav />
      <PageHeader title={page.title} intro={page.system.agency} />
      <RegistrationFacts system={page.system} />
      {page.open ? (
        <section className="section">
          <h2>{t('systems.review.outcome')}</h2>
          <ReviewFormView levels={page.levels} />
        </section>
      ) : (
        <p className="muted">{t('systems.review.closed')}</p>
      )}
      <RegistrationHistory history={page.system.history} />
    </>
  )
}

export function ErrorBoundary() {
  return <RouteErrorBoundary />
}
