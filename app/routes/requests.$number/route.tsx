import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { Badge, type BadgeTone } from '#app/components/ui/badge'
import { PageHeader } from '#app/components/ui/page-header'
import { RouteErrorBoundary } from '#app/components/ui/route-error-boundary'
import { may, ofAgency, requireAuthorised, requirePrincipal } from '#app/utils/auth.server'
import { getDb } from '#app/utils/db.server'
import { notFound, withErrorReference } from '#app/utils/errors.server'
import { resolveLocale } from '#app/utils/i18n.server'
import { useT } from '#app/utils/i18n'
import { titleMeta } from '#app/utils/meta'
import { requestStateTone } from '#app/utils/tones'
import { RequestNumber, findRequestAgency, loadRequest, missingRequest } from './request.server'

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePrincipal(request) // signed in before anything, even a 404, is said
  const number = RequestNumber.safeParse(params.number)
  const missing = missingRequest(params.number)
  if (!number.success) throw notFound(request, missing)
  const owner = await withErrorReference(request, () => findRequestAgency({ db: getDb(), number: number.data }))
  if (owner === null) throw notFound(request, missing)
  const principal = await requireAuthorised(request, 'request.read', ofAgency(owner.agencyId), {
    notFound: missing,
    target: { type: 'QuotaRequest', id: owner.id },
  })
  const found = await withErrorReference(request, () =>
    loadRequest({ db: getDb(), locale: resolveLocale(request), number: number.data }),
  )
  if (found === null) throw notFound(request, missing)
  const editable =
    (found.state === 'draft' || found.state === 'returned') && may(principal, 'request.edit', ofAgency(owner.agencyId))
  return { ...found, editable }
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => titleMeta(data?.title, matches)

const VOTE_TONES: Record<string, BadgeTone> = {
  approve: 'success',
  sign_off: 'info',
  reject: 'danger',
  return: 'warning',
}

export default function RequestDetail() {
  const request = useLoaderData<typeof loader>()
  const t = useT()
  const fact = (label: string, value: string | null) => (
    <div>
      <dt>{label}</dt>
      <dd>{value ?? t('common.none')}</dd>
    </div>
  )
  return (
    <>
      <p className="breadcrumb">
        <Link to="/requests">{t('requests.title')}</Link>
      </p>
      <PageHeader title={request.title}>
        <p>
          <Badge tone={requestStateTone(request.state)}>{request.stateLabel}</Badge>{' '}
          {request.outcome ? (
            <span className="muted">
              · {t('requests.outcome')}: {request.outcome}
            </span>
          ) : null}
        </p>
        <p>
          <Link to={`/requests/${request.number}/decide`} className="button">
            {t('workflow.actions')}
          </Link>{' '}
          {request.editable ? (
            <Link to={`/requests/${request.number}/edit`} className="button button--secondary">
              {t('workflow.edit')}
            </Link>
          ) : null}
        </p>
      </PageHeader>

      <dl className="facts">
        <div>
          <dt>{t('requests.project')}</dt>
          <dd>
            <Link to={`/projects/${encodeURIComponent(request.project.namespace)}`}>{request.project.name}</Link>
          </dd>
        </div>
        <div>
          <dt>{t('requests.agency')}</dt>
          <dd>
            <Link to={`/agencies/${encodeURIComponent(request.agency.code)}`}>{request.agency.name}</Link>
          </dd>
        </div>
        {fact(t('requests.kind'), request.kind)}
        {fact(t('requests.requestedBy'), request.requestedBy)}
        {fact(t('requests.createdAt'), request.createdAt)}
        {fact(t('requests.submittedAt'), request.submittedAt)}
        {fact(t('requests.decidedAt'), request.decidedAt)}
        {fact(t('requests.endsAt'), request.endsAt)}
        {request.backup ? fact(t('requests.backup'), request.backup) : null}
      </dl>

      {request.reason ? (
        <section aria-labelledby="state-reason">
          <h2 id="state-reason">{t('requests.stateReason')}</h2>
          <p className="prose">{request.reason}</p>
        </section>
      ) : null}

      {request.justification ? (
        <section aria-labelledby="justification">
          <h2 id="justification">{t('requests.justification')}</h2>
          <p className="prose">{request.justification}</p>
        </section>
      ) : null}

      <section aria-labelledby="lines">
        <h2 id="lines">{t('requests.lines')}</h2>
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('requests.resource')}</th>
                <th scope="col" className="num">
                  {t('requests.requested')}
                </th>
                <th scope="col" className="num">
                  {t('requests.decided')}
                </th>
              </tr>
            </thead>
            <tbody>
              {request.lines.map((line) => (
                <tr key={line.resource}>
                  <th scope="row">{line.label}</th>
                  <td className="num">{line.requested}</td>
                  <td className={line.reduced ? 'num reduced' : 'num'}>{line.decided ?? t('common.none')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <section aria-labelledby="votes">
        <h2 id="votes">{t('requests.votes')}</h2>
        {request.votes.length === 0 ? (
          <p className="empty">{t('requests.noVotes')}</p>
        ) : (
          <ol className="votes">
            {request.votes.map((vote) => (
              <li key={vote.id} className={vote.discarded ? 'votes__discarded' : undefined}>
                <p>
                  <Badge tone={VOTE_TONES[vote.kind] ?? 'neutral'}>{vote.label}</Badge> <strong>{vote.actor}</strong>{' '}
                  <span className="muted small">
                    · {vote.at}
                    {vote.automatic ? ` · ${vote.automatic}` : null}
                  </span>
                </p>
                {vote.discarded ? <p className="muted small">{vote.discarded}</p> : null}
                {vote.reason ? (
                  <p className="votes__reason">
                    <span className="visually-hidden">{t('requests.reason')}: </span>
                    {vote.reason}
                  </p>
                ) : null}
              </li>
            ))}
          </ol>
        )}
      </section>
    </>
  )
}

export function ErrorBoundary() {
  return <RouteErrorBoundary />
}
