import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { HeadroomTable } from '#app/components/headroom-table'
import { EmptyState, PageHeader } from '#app/components/ui/page-header'
import { ErrorSummary } from '#app/components/ui/error-summary'
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
import { fieldOfRefusal, loadDecisionPage, parseDecisionForm, typedDecision } from './decide.server'
import { DECISION_FIELDS, DECISION_FORM, DecisionForm, decisionErrors } from './decision-form'
import { DecisionProgress } from './decision-progress'
import { DecisionSubject } from './decision-subject'
import { VoteItems } from '../requests.$number/votes-list'
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
  return {
    ...page,
    number: found.number,
    heading: translate(locale, 'workflow.actions'),
    title: translate(locale, 'requests.numberValue', { number: found.number }),
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  // Who and whether they may see it at all, before reading what they sent.
  const { found } = await visibleRequest(request, params.number)
  const locale = resolveLocale(request)
  const form = await readForm(request)
  const values = typedDecision(form)
  const parsed = parseDecisionForm(
    form,
    found.lines.map((l) => ({ resource: l.resource as never, amount: l.requested })),
    locale,
  )
  if (!parsed.ok) return data({ message: parsed.message, field: parsed.field, values, stale: false }, { status: 422 })
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
    return data({ message, field: fieldOfRefusal(result.error.code), values, stale }, { status: stale ? 409 : 422 })
  }
  return redirect(`/requests/${found.number}`)
}

// The heading first, then the request: the tab differs from the request's own page.
export const meta: MetaFunction<typeof loader> = ({ data: page, matches }) =>
  titleMeta(page ? [page.heading, page.title] : undefined, matches)

export default function DecideRequest() {
  const page = useLoaderData<typeof loader>()
  const outcome = useActionData<typeof action>()
  const busy = useNavigation().state === 'submitting'
  const t = useT()
  return (
    <>
      <PageHeader title={page.heading} intro={`${page.title} · ${page.subject.stateLabel}`} above={page.title} />

      {/* At the top of the page, not of the form: a stale refusal may leave no form to decide. */}
      <ErrorSummary
        form={DECISION_FORM}
        errors={decisionErrors(outcome, outcome?.stale ? t('workflow.staleHint') : undefined)}
        fields={DECISION_FIELDS}
      />

      <DecisionSubject subject={page.subject} t={t} />
      <section aria-labelledby="votes">
        <h2 id="votes">{t('requests.votes')}</h2>
        <DecisionProgress progress={page.progress} t={t} />
        <VoteItems votes={page.subject.votes} t={t} />
      </section>
      {page.capacity ? <CapacitySection lines={page.capacity} t={t} /> : null}

      <section aria-labelledby="headroom">
        <h2 id="headroom">{t('workflow.headroom')}</h2>
        <HeadroomTable lines={page.headroom} requestedLabel="workflow.thisRequest" t={t} />
      </section>

      <section aria-labelledby="act">
        <h2 id="act">{t('workflow.decision')}</h2>
        {page.mayNotDecide ? (
          <div className="alert alert--danger" role="note">
            <p>
              <strong>{t('workflow.mayNotDecide')}</strong>
            </p>
            <p>{page.mayNotDecide}</p>
          </div>
        ) : null}
        {page.actions.length === 0 ? (
          <EmptyState>{t('workflow.noActions')}</EmptyState>
        ) : (
          <DecisionForm
            actions={page.actions}
            version={page.version}
            decidable={page.decidable}
            refused={outcome}
            busy={busy}
            t={t}
          />
        )}
      </section>
    </>
  )
}

export function ErrorBoundary() {
  return <RouteErrorBoundary />
}
