import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { waiverPath } from '#app/components/paths'
import { ErrorSummary, fieldErrorId, fieldErrorProps } from '#app/components/ui/error-summary'
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
    return data({ errors, values: null }, { status: 422 })
  }
  const actor = actorOf(principal)
  const text = (name: string) => {
    const value = form.get(name)
    return typeof value === 'string' ? value : ''
  }
  const fields = {
    justification: text('justification'),
    compensatingControl: text('compensatingControl'),
    expiresAt: text('expiresAt'),
  }
  const result = await requestWaiver(getDb(), {
    projectId: project.id,
    target,
    fields,
    actor: { id: actor.id, label: actor.label },
    origin: requestOrigin(request),
  })
  if (result === null) throw new Response(null, { status: 404 })
  // What was typed goes back with the refusal, so a page reloaded without JavaScript keeps it too.
  if (!result.ok) return data({ errors: errorsInWords(result.errors, locale), values: fields }, { status: 422 })
  return redirect(`${waiverPath(result.waiver.number)}?done=request`)
}

export const meta: MetaFunction<typeof loader> = ({ data: page, matches }) => titleMeta(page?.title, matches)

/** The form's id, and its fields in the order they appear (the error summary links to them). */
const FORM = 'waiver-request'
const FIELDS = ['justification', 'compensatingControl', 'expiresAt'] as const

export default function NewWaiver() {
  const page = useLoaderData<typeof loader>()
  const outcome = useActionData<typeof action>()
  const busy = useNavigation().state === 'submitting'
  const t = useT()
  const errors = outcome?.errors ?? {}
  const typed = outcome?.values ?? undefined
  return (
    <>
      <PageHeader title={t('waiver.new.title')} intro={t('waiver.new.intro')} above={page.project.name} />
      {page.described === null || page.target === null ? (
        <div className="alert alert--danger" role="alert">
          <p>{t('waiver.new.notAvailable')}</p>
        </div>
      ) : (
        <Form method="post" className="request-form" noValidate>
          <ErrorSummary form={FORM} errors={errors} fields={FIELDS} />
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
              <textarea
                name="justification"
                rows={4}
                maxLength={2000}
                required
                defaultValue={typed?.justification}
                {...fieldErrorProps(FORM, 'justification', errors)}
              />
              <FieldErrors errors={errors.justification} id={fieldErrorId(FORM, 'justification')} />
            </label>
            <label>
              {t('waiver.field.compensatingControl')}{' '}
              <span className="muted small">{t('waiver.field.compensatingControlHint')}</span>
              <textarea
                name="compensatingControl"
                rows={3}
                maxLength={2000}
                required
                defaultValue={typed?.compensatingControl}
                {...fieldErrorProps(FORM, 'compensatingControl', errors)}
              />
              <FieldErrors errors={errors.compensatingControl} id={fieldErrorId(FORM, 'compensatingControl')} />
            </label>
            <label>
              {t('waiver.field.expiresAt')} <span className="muted small">{page.described.maxExpiry}</span>
              <input
                type="date"
                name="expiresAt"
                max={page.described.maxDate}
                required
                defaultValue={typed?.expiresAt}
                {...fieldErrorProps(FORM, 'expiresAt', errors)}
              />
              <FieldErrors errors={errors.expiresAt} id={fieldErrorId(FORM, 'expiresAt')} />
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
