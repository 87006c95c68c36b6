import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { requestPath } from '#app/components/paths'
import { Badge } from '#app/components/ui/badge'
import { PageHeader } from '#app/components/ui/page-header'
import { RouteErrorBoundary } from '#app/components/ui/route-error-boundary'
import { may, ofAgency } from '#app/utils/auth.server'
import { getDb } from '#app/utils/db.server'
import { notFound, withErrorReference } from '#app/utils/errors.server'
import { resolveLocale } from '#app/utils/i18n.server'
import { useT } from '#app/utils/i18n'
import { titleMeta } from '#app/utils/meta'
import { requestStateTone } from '#app/utils/tones'
import { RequestFacts } from './request-facts'
import { RequestLines } from './request-lines'
import { loadRequest, missingRequest, requireVisibleRequest } from './request.server'
import { VotesList } from './votes-list'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { found: owner, principal } = await requireVisibleRequest(request, params.number, 'request.read', (number) =>
    getDb().quotaRequest.findUnique({ where: { number }, select: { id: true, number: true, agencyId: true } }),
  )
  const found = await withErrorReference(request, () =>
    loadRequest({ db: getDb(), locale: resolveLocale(request), where: { number: owner.number } }),
  )
  if (found === null) throw notFound(request, missingRequest(params.number))
  const editable =
    (found.state === 'draft' || found.state === 'returned') && may(principal, 'request.edit', ofAgency(owner.agencyId))
  return { ...found, editable }
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => titleMeta(data?.title, matches)

export default function RequestDetail() {
  const request = useLoaderData<typeof loader>()
  const t = useT()
  return (
    <>
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
          <Link to={`${requestPath(request.number)}/decide`} className="button">
            {t('workflow.actions')}
          </Link>{' '}
          {request.editable ? (
            <Link to={`${requestPath(request.number)}/edit`} className="button button--secondary">
              {t('workflow.edit')}
            </Link>
          ) : null}
        </p>
      </PageHeader>

      <RequestFacts request={request} t={t} />
      <TextSection id="state-reason" title={t('requests.stateReason')} text={request.reason} />
      <TextSection id="justification" title={t('requests.justification')} text={request.justification} />
      <RequestLines lines={request.lines} t={t} />
      <VotesList votes={request.votes} t={t} />
    </>
  )
}

/** A titled paragraph of the requester's or decider's own words; nothing when there are none. */
function TextSection({ id, title, text }: { id: string; title: string; text: string | null }) {
  if (!text) return null
  return (
    <section aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      <p className="prose">{text}</p>
    </section>
  )
}

export function ErrorBoundary() {
  return <RouteErrorBoundary />
}
