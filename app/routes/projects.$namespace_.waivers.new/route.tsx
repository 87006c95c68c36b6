import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { projectPath, waiverPath } from '#app/components/paths'
import { FieldErrors } from '#app/components/ui/field-errors'
import { PageHeader } from '#app/components/ui/page-header'
import { RouteErrorBoundary } from '#app/components/ui/route-error-boundary'
import { requestOrigin } from '#app/utils/client-origin.server'
import { getDb } from '#app/utils/db.server'
import { readForm } from '#app/utils/form.server'
import { resolveLocale, translate } from '#app/utils/i18n.server'
import { useT } from '#app/utils/i18n'
import { titleMeta } from '#app/utils/meta'
import { actorOf } from '#app/utils/workflow.server'
import { requestWaiver } from '#app/utils/waivers.server'
import { authorisedProject, describeTarget, errorsInWords, targetOf, type FieldName } from './waiver-form.server'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { project } = await authorisedProject(request, params.namespace)
  const locale = resolveLocale(request)
  const query = new URL(request.url).searchParams
  const target = targetOf(query)
  return {
    title: translate(locale, 'waiver.new.title'),
    project: { name: project.name, namespace: project.namespace },
    target: target
      ? { finding: 'findingId' in target ? target.findingId : '', check: 'checkId' in target ? target.checkId : '' }
      : null,
    described: await describeTarget(getDb(), project, target, locale),
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { project, principal } = await authorisedProject(request, params.namespace)
  const locale = resolveLocale(request)
  const form = await readForm(request)
  const target = targetOf(form)
  if (target === null) {
    const errors: Partial<Record<FieldName, string[]>> = { target: [translate(locale, 'waiver.new.notAvailable')] }
    return data({ errors }, { status: 422 })
  }
  const actor = actorOf(principal)
  const result = await requestWaiver(getDb(), {
    projectId: project.id,
    target,
    fields: {
      justification: form.get('justification') ?? '',
      compensatingControl: form.get('compensatingControl') ?? '',
      expiresAt: form.get('expiresAt') ?? '',
    },
    actor: { id: actor.id, label: actor.label },
    origin: requestOrigin(request),
  })
  if (result === null) throw new Response(null, { status: 404 })
  if (!result.ok) return data({ errors: errorsInWords(result.errors, locale) }, { status: 422 })
  return redirect(`${waiverPath(result.waiver.number)}?done=request`)
}

export const meta: MetaFunction<typeof loader> = ({ data: page, matches }) => titleMeta(page?.title, matches)

export default function NewWaiver() {
  const page = useLoaderData<typeof loader>()
  const outcome = useActionData<typeof action>()
  const busy = useNavigation().state === 'submitting'
  const t = useT()
  const errors = outcome?.errors ?? {}
  return (
    <>
      <p className="breadcrumb">
        <Link to={projectPath(page.project.namespace)}>{page.project.name}</Link>
      </p>
      <PageHeader title={t('waiver.new.title')} intro={t('waiver.new.intro')} />
      {page.described === null || page.target === null ? (
        <div className="alert alert--danger" role="alert">
          <p>{t('waiver.new.notAvailable')}</p>
        </div>
      ) : (
        <Form method="post" className="request-form" noValidate>
          {errors.target ? (
            <div className="alert alert--danger" role="alert">
              {errors.target.map((e) => (
                <p key={e}>{e}</p>
              ))}
            </div>
          ) : null}
          <input type="hidden" name="finding" value={page.target.finding} />
          <input type="hidden" name="check" value={page.target.check} />
          <dl className="facts">
            <dt>{t('waiver.new.target')}</dt>
            <dd>
              <code>{page.described.checkId}</code> {page.described.checkTitle}
              <br />
              {page.described.subject}
            </dd>
          </dl>
          <fieldset>
            <label>
              {t('waiver.field.justification')}{' '}
              <span className="muted small">{t('waiver.field.justificationHint')}</span>
              <textarea name="justification" rows={4} maxLength={2000} required aria-invalid={!!errors.justification} />
              <FieldErrors errors={errors.justification} />
            </label>
            <label>
              {t('waiver.field.compensatingControl')}{' '}
              <span className="muted small">{t('waiver.field.compensatingControlHint')}</span>
              <textarea
                name="compensatingControl"
                rows={3}
                maxLength={2000}
                required
                aria-invalid={!!errors.compensatingControl}
              />
              <FieldErrors errors={errors.compensatingControl} />
            </label>
            <label>
              {t('waiver.field.expiresAt')} <span className="muted small">{page.described.maxExpiry}</span>
              <input
                type="date"
                name="expiresAt"
                max={page.described.maxDate}
                required
                aria-invalid={!!errors.expiresAt}
              />
              <FieldErrors errors={errors.expiresAt} />
            </label>
          </fieldset>
          <p>
            <button type="submit" className="button" disabled={busy}>
              {t('waiver.new.submit')}
            </button>
          </p>
        </Form>
      )}
    </>
  )
}

export function ErrorBoundary() {
  return <RouteErrorBoundary />
}
