import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { useLoaderData, useSearchParams } from '@remix-run/react'
import { SecurityNav } from '#app/components/security-nav'
import { RegistrationFacts, RegistrationHistory } from '#app/components/system-detail'
import { ReviewFormView } from '#app/components/system-forms'
import { LevelDecisionFormView, ReopenFormView } from '#app/components/system-level-forms'
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
  const namespace = params['namespace'] ?? ''
  const outcome = await reviewFromForm(request, namespace)
  if (outcome.ok && outcome.intent === 'reopen') return redirect(`/security/systems/${namespace}?reopened=1`)
  if (outcome.ok && outcome.intent === 'level-decision') return redirect('/security/systems?levelDecided=1')
  if (outcome.ok) return redirect('/security/systems?reviewed=1')
  return data({ intent: outcome.intent, errors: outcome.errors, values: outcome.values }, { status: 422 })
}

export const meta: MetaFunction<typeof loader> = ({ data: page, matches }) => titleMeta(page?.title, matches)

export default function SystemReview() {
  const page = useLoaderData<typeof loader>()
  const t = useT()
  const reopened = useSearchParams()[0].has('reopened')
  return (
    <>
      <SecurityNav />
      <PageHeader title={page.title} intro={page.system.agency} />
      {reopened ? (
        <div className="alert alert--success" role="status">
          <p>{t('systems.reopen.done')}</p>
        </div>
      ) : null}
      <RegistrationFacts system={page.system} />
      {page.open ? (
        <section className="section">
          <h2>{t('systems.review.outcome')}</h2>
          <ReviewFormView levels={page.levels} version={page.system.version} />
        </section>
      ) : page.levelReview !== null ? (
        <section className="section">
          <h2>{t('systems.levelDecision.title')}</h2>
          <p data-testid="level-change">{page.levelChange}</p>
          <LevelDecisionFormView version={page.system.version} mayConfirm={page.levelReview === 'proposed'} />
        </section>
      ) : page.mayReopen ? (
        <section className="section">
          <h2>{t('systems.reopen.title')}</h2>
          <p className="muted">{t('systems.reopen.intro', { level: page.system.levelInForce ?? '' })}</p>
          <ReopenFormView version={page.system.version} />
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
