import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from '@remix-run/react'
import { z } from 'zod'
import { projectPath } from '#app/components/paths'
import { ErrorSummary } from '#app/components/ui/error-summary'
import { Badge } from '#app/components/ui/badge'
import { Fact } from '#app/components/ui/fact'
import { EmptyState, PageHeader } from '#app/components/ui/page-header'
import { RouteErrorBoundary } from '#app/components/ui/route-error-boundary'
import { ofAgency, requireAuthorised } from '#app/utils/auth.server'
import { requestOrigin } from '#app/utils/client-origin.server'
import { getDb } from '#app/utils/db.server'
import { notFound } from '#app/utils/errors.server'
import { readForm } from '#app/utils/form.server'
import { resolveLocale, translate } from '#app/utils/i18n.server'
import { useT, type Translate } from '#app/utils/i18n'
import { titleMeta } from '#app/utils/meta'
import { waiverStateTone } from '#app/utils/tones'
import { actorOf } from '#app/utils/workflow.server'
import { actOnWaiver } from '#app/utils/waivers.server'
import { WAIVER_ACTION_PERMISSION, loadWaiverPage, missingWaiver, requireVisibleWaiver } from './waiver.server'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { waiver, principal } = await requireVisibleWaiver(request, params.number)
  const locale = resolveLocale(request)
  const page = await loadWaiverPage(getDb(), waiver, principal, locale)
  return { ...page, title: translate(locale, 'waiver.numberValue', { number: waiver.number }) }
}

const ActionForm = z.object({
  intent: z.enum(['approve', 'reject', 'revoke', 'withdraw']),
  reason: z.string().max(4000).optional(),
})

/** Duties refused (the requester deciding, another withdrawing, a role that may not): a 403, as the gate's. */
const DUTY = new Set(['waiver.requester_cannot_decide', 'waiver.only_requester_withdraws', 'waiver.role_not_allowed'])

export async function action({ request, params }: ActionFunctionArgs) {
  const { waiver } = await requireVisibleWaiver(request, params.number)
  const locale = resolveLocale(request)
  const form = ActionForm.safeParse(Object.fromEntries(await readForm(request)))
  if (!form.success)
    return data({ message: translate(locale, 'waiver.error.waiver.transition_not_allowed') }, { status: 400 })
  const { intent, reason } = form.data
  const principal = await requireAuthorised(request, WAIVER_ACTION_PERMISSION[intent], ofAgency(waiver.agencyId), {
    target: { type: 'SecurityWaiver', id: waiver.id },
    notFound: missingWaiver(params.number),
  })
  const result = await actOnWaiver(getDb(), {
    waiverId: waiver.id,
    action: intent,
    actor: actorOf(principal),
    reason: reason ?? null,
    origin: requestOrigin(request),
  })
  if (result === null) throw notFound(request, missingWaiver(params.number))
  if (!result.ok) {
    const message = translate(locale, `waiver.error.${result.error.code}`, result.error.params)
    return data({ message }, { status: DUTY.has(result.error.code) ? 403 : 422 })
  }
  return redirect(`/waivers/${waiver.number}?done=${intent}`)
}

export const meta: MetaFunction<typeof loader> = ({ data: page, matches }) => titleMeta(page?.title, matches)

type Page = ReturnType<typeof useLoaderData<typeof loader>>

function Decision({ page, t }: { page: Page; t: Translate }) {
  return (
    <>
      {page.decided ? (
        <Fact label={t('waiver.detail.decision')}>
          {t('waiver.detail.decidedBy', { name: page.decided.name, at: page.decided.at })}
          {page.decisionReason ? <p>{page.decisionReason}</p> : null}
        </Fact>
      ) : null}
      {page.revoked ? (
        <Fact label={t('waiver.detail.revocation')}>
          {t('waiver.detail.decidedBy', { name: page.revoked.name, at: page.revoked.at })}
          {page.revokeReason ? <p>{page.revokeReason}</p> : null}
        </Fact>
      ) : null}
    </>
  )
}

function Actions({ page, t }: { page: Page; t: Translate }) {
  const busy = useNavigation().state === 'submitting'
  const withReason = page.actions.some((a) => a !== 'withdraw')
  return (
    <section aria-labelledby="act">
      <h2 id="act">{t('waiver.detail.actions')}</h2>
      <Form method="post">
        {withReason ? (
          <label>
            {t('waiver.field.reason')}
            <textarea name="reason" rows={3} maxLength={1000} />
          </label>
        ) : null}
        <p>
          {page.actions.map((a) => (
            <span key={a}>
              <button
                type="submit"
                name="intent"
                value={a}
                className={a === 'approve' ? 'button' : 'button button--secondary'}
                disabled={busy}
              >
                {t(`waiver.action.${a}`)}
              </button>{' '}
            </span>
          ))}
        </p>
      </Form>
    </section>
  )
}

export default function WaiverPage() {
  const page = useLoaderData<typeof loader>()
  const outcome = useActionData<typeof action>()
  const [search] = useSearchParams()
  const t = useT()
  const done = search.get('done')
  return (
    <>
      <PageHeader title={page.title} intro={`${page.checkId} ${page.checkTitle}`} />
      {done && ['approve', 'reject', 'revoke', 'withdraw', 'request'].includes(done) ? (
        <div className="alert alert--success" role="status">
          <p>{t(`waiver.action.done.${done as 'approve'}`)}</p>
        </div>
      ) : null}
      {outcome ? <ErrorSummary form="waiver-decision" errors={{ form: [outcome.message] }} fields={[]} /> : null}
      <dl className="facts">
        <Fact label={t('waiver.col.state')}>
          <Badge tone={waiverStateTone(page.state)}>{page.stateLabel}</Badge>
        </Fact>
        {page.project ? (
          <Fact label={t('waiver.col.project')}>
            <Link to={projectPath(page.project.namespace)}>{page.project.name}</Link>
          </Fact>
        ) : null}
        <Fact label={t('waiver.col.agency')}>{page.project?.agency ?? ''}</Fact>
        <Fact label={t('waiver.col.subject')}>{page.subject}</Fact>
        <Fact label={t('waiver.col.expiresAt')}>{page.expiresAt}</Fact>
        <Fact label={t('waiver.col.requestedBy')}>
          {page.requestedBy} ({page.requestedAt})
        </Fact>
        <Fact label={t('waiver.detail.justification')}>{page.justification}</Fact>
        <Fact label={t('waiver.detail.compensatingControl')}>{page.compensatingControl}</Fact>
        <Decision page={page} t={t} />
      </dl>
      <section aria-labelledby="covers">
        <h2 id="covers">{t('waiver.detail.covers')}</h2>
        {page.findings.length === 0 ? (
          <EmptyState>{t('waiver.findings.none')}</EmptyState>
        ) : (
          <ul>
            {page.findings.map((f) => (
              <li key={f.id} data-status={f.status}>
                <code>{f.subject}</code> {f.severityLabel}, {f.statusLabel}
              </li>
            ))}
          </ul>
        )}
      </section>
      {page.ownRequest ? (
        <div className="alert" role="note">
          <p>{t('waiver.detail.mayNotDecideOwn')}</p>
        </div>
      ) : null}
      {page.actions.length > 0 ? <Actions page={page} t={t} /> : null}
    </>
  )
}

export function ErrorBoundary() {
  return <RouteErrorBoundary />
}
