import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { HeadroomTable } from '#app/components/headroom-table'
import { Badge } from '#app/components/ui/badge'
import { PageHeader } from '#app/components/ui/page-header'
import { RouteErrorBoundary } from '#app/components/ui/route-error-boundary'
import { ofAgency, requireAuthorised, requirePrincipal } from '#app/utils/auth.server'
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
import { RequestNumber, missingRequest } from '../requests.$number/request.server'
import { loadDecisionPage, parseDecisionForm } from './decide.server'

async function findRequest(request: Request, number: string | undefined) {
  await requirePrincipal(request) // signed in before anything, even a 404, is said
  const parsed = RequestNumber.safeParse(number)
  const missing = missingRequest(number)
  if (!parsed.success) throw notFound(request, missing)
  const row = await getDb().quotaRequest.findUnique({
    where: { number: parsed.data },
    select: { id: true, number: true, agencyId: true, lines: { select: { resource: true, requested: true } } },
  })
  if (!row) throw notFound(request, missing)
  return row
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const found = await findRequest(request, params.number)
  const principal = await requireAuthorised(request, 'request.read', ofAgency(found.agencyId), {
    target: { type: 'QuotaRequest', id: found.id },
    notFound: missingRequest(params.number),
  })
  const locale = resolveLocale(request)
  const page = await loadDecisionPage(getDb(), principal, found.id, locale)
  if (!page) throw notFound(request)
  return { ...page, number: found.number, title: translate(locale, 'requests.numberValue', { number: found.number }) }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const found = await findRequest(request, params.number)
  // Who and whether they may see it at all, before reading what they sent.
  await requireAuthorised(request, 'request.read', ofAgency(found.agencyId), {
    target: { type: 'QuotaRequest', id: found.id },
    notFound: missingRequest(params.number),
  })
  const locale = resolveLocale(request)
  const parsed = parseDecisionForm(
    await request.formData(),
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
    policy: approvalPolicy(),
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
  const needsReason = (a: string) => a === 'reject' || a === 'return' || a === 'revoke'
  return (
    <>
      <p className="breadcrumb">
        <Link to={`/requests/${page.number}`}>{page.title}</Link>
      </p>
      <PageHeader title={t('workflow.actions')} intro={page.title} />

      {outcome ? (
        <div className="alert alert--danger" role="alert">
          <p>{outcome.message}</p>
          {outcome.stale ? <p>{t('workflow.staleHint')}</p> : null}
        </div>
      ) : null}

      <section aria-labelledby="progress">
        <h2 id="progress">{t('requests.votes')}</h2>
        <p>
          {t('workflow.progress', { approvals: page.progress.approvals, required: page.progress.approvalsRequired })}
        </p>
        {page.progress.signOffRequired ? (
          <p>
            {t('workflow.progressSignOff', {
              status: page.progress.signedOff ? t('workflow.signedOff') : t('workflow.notSignedOff'),
            })}
          </p>
        ) : null}
      </section>

      {page.capacity.length > 0 ? (
        <section aria-labelledby="capacity">
          <h2 id="capacity">{t('workflow.capacity')}</h2>
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('requests.resource')}</th>
                  <th scope="col" className="num">
                    {t('workflow.capacityPool')}
                  </th>
                  <th scope="col" className="num">
                    {t('workflow.capacityAllocated')}
                  </th>
                  <th scope="col" className="num">
                    {t('workflow.capacityChange')}
                  </th>
                  <th scope="col" className="num">
                    {t('workflow.capacityAfter')}
                  </th>
                  <th scope="col">{t('workflow.queue.fit')}</th>
                </tr>
              </thead>
              <tbody>
                {page.capacity.map((line) => (
                  <tr key={line.resource}>
                    <th scope="row">{line.label}</th>
                    <td className="num">{line.capacity}</td>
                    <td className="num">{line.allocated}</td>
                    <td className="num">{line.change}</td>
                    <td className="num">{line.after}</td>
                    <td>
                      <Badge tone={line.fits ? 'success' : 'danger'}>
                        {line.fits ? t('workflow.fits') : t('workflow.doesNotFit')}
                      </Badge>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ) : null}

      <section aria-labelledby="headroom">
        <h2 id="headroom">{t('workflow.headroom')}</h2>
        <HeadroomTable lines={page.headroom} requestedLabel="workflow.thisRequest" t={t} />
      </section>

      <section aria-labelledby="act">
        <h2 id="act">{t('workflow.actions')}</h2>
        {page.actions.length === 0 ? <p className="empty">{t('workflow.noActions')}</p> : null}
        {page.actions.map((act) => (
          <Form method="post" key={act} className="decision-form" aria-label={t(`workflow.action.${act}`)}>
            <input type="hidden" name="intent" value={act} />
            <input type="hidden" name="version" value={page.version} />
            {act === 'approve' ? (
              <fieldset>
                <legend>{t('workflow.decidedLabel')}</legend>
                {page.decidable.map((line) => (
                  <label key={line.resource}>
                    {line.label} ({t('requests.requested')}: {line.requested})
                    <input
                      name={`decided.${line.resource}`}
                      inputMode="decimal"
                      placeholder={line.requested}
                      autoComplete="off"
                    />
                  </label>
                ))}
              </fieldset>
            ) : null}
            {act === 'approve' || act === 'sign_off' || needsReason(act) ? (
              <label>
                {needsReason(act) ? t('workflow.reasonLabel') : t('workflow.noteLabel')}
                <textarea name="reason" rows={2} maxLength={2000} required={needsReason(act)} />
              </label>
            ) : null}
            <button
              type="submit"
              disabled={busy}
              className={act === 'reject' || act === 'revoke' ? 'button button--danger' : 'button'}
            >
              {t(`workflow.action.${act}`)}
            </button>
          </Form>
        ))}
      </section>
    </>
  )
}

export function ErrorBoundary() {
  return <RouteErrorBoundary />
}
