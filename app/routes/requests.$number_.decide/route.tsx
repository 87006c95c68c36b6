import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { HeadroomTable } from '#app/components/headroom-table'
import { requestPath } from '#app/components/paths'
import { PageHeader } from '#app/components/ui/page-header'
import { RouteErrorBoundary } from '#app/components/ui/route-error-boundary'
import { ofAgency, requireAuthorised } from '#app/utils/auth.server'
import { requestOrigin } from '#app/utils/client-origin.server'
import { getDb } from '#app/utils/db.server'
import {
  actOnRequest,
  actorOf,
  approvalPolicy,
  formatDomainError,
  REQUEST_ACTION_PERMISSION,
} from '#app/utils/workflow.server'
import { notFound } from '#app/utils/errors.server'
import { resolveLocale, translate } from '#app/utils/i18n.server'
import { useT } from '#app/utils/i18n'
import { resourceLabel } from '#app/utils/labels.server'
import { titleMeta } from '#app/utils/meta'
import { missingRequest, requireVisibleRequest } from '../requests.$number/request.server'
import { CapacitySection } from './capacity-section'
import { loadDecisionPage, parseDecisionForm } from './decide.server'
import { DecisionForm } from './decision-form'
import { DecisionProgress } from './decision-progress'
import { readForm } from '#app/utils/form.server'

/** The request, to a reader who may see it (what they may decide is asked separately). */
function visibleRequest(request: Request, number: string | undefined) {
  return requireVisibleRequest(request, number, 'request.read', (number) =>
    getDb().quotaRequest.findUnique({
      where: { number },
      select: { id: true, number: true, agencyId: true, lines: { select: { resource: true, requested: true } } },
    }),
  )
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { found, principal } = await visibleRequest(request, params.number)
  const locale = resolveLocale(request)
  const page = await loadDecisionPage(getDb(), principal, found.id, locale)
  if (!page) throw notFound(request)
  return { ...page, number: found.number, title: translate(locale, 'requests.numberValue', { number: found.number }) }
}

export async function action({ request, params }: ActionFunctionArgs) {
  // Who and whether they may see it at all, before reading what they sent.
  const { found } = await visibleRequest(request, params.number)
  const locale = resolveLocale(request)
  const parsed = parseDecisionForm(
    await readForm(request),
    found.lines.map((l) => ({ resource: l.resource as never, amount: l.requested })),
    locale,
  )
  if (!parsed.ok) return data({ message: parsed.message, stale: false }, { status: 422 })
  const principal = await requireAuthorised(
    request,
    REQUEST_ACTION_PERMISSION[parsed.value.action],
    ofAgency(found.agencyId),
    {
      target: { type: 'QuotaRequest', id: found.id },
      notFound: missingRequest(params.number),
    },
  )
  const result = await actOnRequest(getDb(), {
    requestId: found.id,
    action: parsed.value.action,
    actor: actorOf(principal),
    expectedVersion: parsed.value.version,
    payload: parsed.value.payload,
    policy: await approvalPolicy(),
    origin: requestOrigin(request),
  })
  if (result === null) throw notFound(request)
  if (!result.ok) {
    const stale = result.error.code === 'request.stale'
    const message = formatDomainError(result.error, locale, { resourceLabel: (r: string) => resourceLabel(r, locale) })
    return data({ message, stale }, { status: stale ? 409 : 422 })
  }
  return redirect(`/requests/${found.number}`)
}

export const meta: MetaFunction<typeof loader> = ({ data: page, matches }) => titleMeta(page?.title, matches)

export default function DecideRequest() {
  const page = useLoaderData<typeof loader>()
  const outcome = useActionData<typeof action>()
  const busy = useNavigation().state === 'submitting'
  const t = useT()
  return (
    <>
      <p className="breadcrumb">
        <Link to={requestPath(page.number)}>{page.title}</Link>
      </p>
      <PageHeader title={t('workflow.actions')} intro={page.title} />

      {outcome ? (
        <div className="alert alert--danger" role="alert">
          <p>{outcome.message}</p>
          {outcome.stale ? <p>{t('workflow.staleHint')}</p> : null}
        </div>
      ) : null}

      <DecisionProgress progress={page.progress} t={t} />
      {page.capacity ? <CapacitySection lines={page.capacity} t={t} /> : null}

      <section aria-labelledby="headroom">
        <h2 id="headroom">{t('workflow.headroom')}</h2>
        <HeadroomTable lines={page.headroom} requestedLabel="workflow.thisRequest" t={t} />
      </section>

      <section aria-labelledby="act">
        <h2 id="act">{t('workflow.actions')}</h2>
        {page.mayNotDecide ? (
          <div className="alert alert--danger" role="note">
            <p>
              <strong>{t('workflow.mayNotDecide')}</strong>
            </p>
            <p>{page.mayNotDecide}</p>
          </div>
        ) : null}
        {page.actions.length === 0 ? <p className="empty">{t('workflow.noActions')}</p> : null}
        {page.actions.map((act) => (
          <DecisionForm key={act} action={act} version={page.version} decidable={page.decidable} busy={busy} t={t} />
        ))}
      </section>
    </>
  )
}

export function ErrorBoundary() {
  return <RouteErrorBoundary />
}
