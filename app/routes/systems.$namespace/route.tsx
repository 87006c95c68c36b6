import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData, useSearchParams } from '@remix-run/react'
import { RegistrationFacts, RegistrationHistory } from '#app/components/system-detail'
import { ResubmitFormView } from '#app/components/system-forms'
import { PageHeader } from '#app/components/ui/page-header'
import { RouteErrorBoundary } from '#app/components/ui/route-error-boundary'
import { useT } from '#app/utils/i18n'
import { titleMeta } from '#app/utils/meta'
import { LevelChangeFormView } from '#app/components/system-level-forms'
import { postedIntent } from '#app/utils/systems.server'
import { levelChangeFromForm, resubmitFromForm, systemPage } from './system.server'

// One information system's registration (issue 15, decision 0055), for its agency and the data
// centre: what was proposed and decided, and what the agency does next.

export async function loader({ request, params }: LoaderFunctionArgs) {
  return systemPage(request, params['namespace'] ?? '')
}

export async function action({ request, params }: ActionFunctionArgs) {
  const namespace = params['namespace'] ?? ''
  const intent = await postedIntent(request)
  if (intent === 'level-change') {
    const outcome = await levelChangeFromForm(request, namespace)
    if (outcome.ok) return redirect(`/systems/${namespace}?levelChange=1`)
    return data({ intent, errors: outcome.errors, values: outcome.values }, { status: 422 })
  }
  const outcome = await resubmitFromForm(request, namespace)
  if (outcome.ok) return redirect(`/systems/${namespace}?resubmitted=1`)
  return data({ errors: outcome.errors, values: outcome.values }, { status: 422 })
}

export const meta: MetaFunction<typeof loader> = ({ data: page, matches }) => titleMeta(page?.title, matches)

export default function SystemRegistration() {
  const page = useLoaderData<typeof loader>()
  const t = useT()
  const [search] = useSearchParams()
  const notice = search.has('registered')
    ? t('systems.registered', { name: page.system.name })
    : search.has('resubmitted')
      ? t('systems.resubmitted')
      : search.has('edited')
        ? t('systems.edited')
        : search.has('levelChange')
          ? t('systems.levelChange.sent')
          : null
  return (
    <>
      <PageHeader title={page.system.name} intro={page.system.agency} />
      {notice ? (
        <div className="alert alert--success" role="status">
          <p>{notice}</p>
        </div>
      ) : null}
      <RegistrationFacts system={page.system} />
      {page.mayEdit ? (
        <p>
          <Link className="button button--secondary" to={`/systems/${page.system.namespace}/edit`}>
            {t('systems.edit')}
          </Link>
        </p>
      ) : null}
      {page.levelReviewNote ? (
        <p className="muted" data-testid="level-review">
          {page.levelReviewNote}
        </p>
      ) : null}
      {page.mayRequest ? (
        <p>
          <Link className="button" to={`/projects/${page.system.namespace}/requests/new`}>
            {t('systems.requestQuota')}
          </Link>
        </p>
      ) : page.system.state !== 'confirmed' ? (
        <p className="muted" data-testid="waiting">
          {page.waiting}
        </p>
      ) : null}
      {page.mayResubmit ? (
        <section className="section">
          <h2>{t('systems.resubmit')}</h2>
          <ResubmitFormView levels={page.levels} />
        </section>
      ) : null}
      {page.mayProposeLevel ? (
        <section className="section">
          <h2>{t('systems.levelChange.title')}</h2>
          {page.system.reopenReason ? (
            <p data-testid="reopened">{t('systems.levelChange.reopened', { reason: page.system.reopenReason })}</p>
          ) : null}
          <p className="muted">{t('systems.levelChange.intro', { level: page.system.levelInForce ?? '' })}</p>
          <LevelChangeFormView levels={page.levels} version={page.system.version} />
        </section>
      ) : null}
      <RegistrationHistory history={page.system.history} />
    </>
  )
}

export function ErrorBoundary() {
  return <RouteErrorBoundary />
}
