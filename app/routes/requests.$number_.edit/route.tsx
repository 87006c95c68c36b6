import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { useActionData, useLoaderData } from '@remix-run/react'
import { RequestForm } from '#app/components/request-form'
import { PageHeader } from '#app/components/ui/page-header'
import { RouteErrorBoundary } from '#app/components/ui/route-error-boundary'
import { requestOrigin } from '#app/utils/client-origin.server'
import { getDb } from '#app/utils/db.server'
import { actOnRequest, actorOf, approvalPolicy, formatDomainError } from '#app/utils/workflow.server'
import { notFound } from '#app/utils/errors.server'
import { resolveLocale, translate } from '#app/utils/i18n.server'
import { useT } from '#app/utils/i18n'
import { titleMeta } from '#app/utils/meta'
import { catalogueSettings, formDefaults, formResources, parseRequestForm } from '#app/utils/request-form.server'
import { missingRequest, requireVisibleRequest } from '../requests.$number/request.server'
import { readForm } from '#app/utils/form.server'

async function authorisedRequest(request: Request, number: string | undefined) {
  const { found: row, principal } = await requireVisibleRequest(request, number, 'request.edit', (number) =>
    getDb().quotaRequest.findUnique({
      where: { number },
      select: {
        id: true,
        number: true,
        agencyId: true,
        projectId: true,
        state: true,
        version: true,
        kind: true,
        justification: true,
        endsAt: true,
        backupSchedule: true,
        backupRetentionDays: true,
        lines: { select: { resource: true, requested: true } },
        project: { select: { name: true, namespace: true } },
      },
    }),
  )
  return { row, principal }
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { row } = await authorisedRequest(request, params.number)
  // Only a draft or a request returned for changes can be edited; anything else shows its page.
  if (row.state !== 'draft' && row.state !== 'returned') throw redirect(`/requests/${row.number}`)
  const locale = resolveLocale(request)
  const resources = formResources(await catalogueSettings(getDb()), locale)
  return {
    title: translate(locale, 'workflow.editRequest', { number: row.number }),
    number: row.number,
    project: row.project,
    projectId: row.projectId,
    version: row.version,
    resources,
    defaults: formDefaults(row, resources, locale),
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { row, principal } = await authorisedRequest(request, params.number)
  const locale = resolveLocale(request)
  const parsed = await parseRequestForm(getDb(), await readForm(request), { projectId: row.projectId, locale })
  if (!parsed.ok) return parsed.reply
  const submit = parsed.intent === 'submit'
  const result = await actOnRequest(getDb(), {
    requestId: row.id,
    action: submit ? (row.state === 'returned' ? 'resubmit' : 'submit') : 'save',
    actor: actorOf(principal),
    expectedVersion: parsed.version ?? undefined,
    payload: { content: parsed.content },
    policy: await approvalPolicy(),
    origin: requestOrigin(request),
  })
  if (result === null) throw notFound(request, missingRequest(params.number))
  if (!result.ok) {
    return data(
      { status: 'error' as const, error: { '': [formatDomainError(result.error, locale)] } },
      { status: result.error.code === 'request.stale' ? 409 : 422 },
    )
  }
  return redirect(`/requests/${row.number}`)
}

export const meta: MetaFunction<typeof loader> = ({ data: page, matches }) => titleMeta(page?.title, matches)

export default function EditRequest() {
  const page = useLoaderData<typeof loader>()
  const lastResult = useActionData<typeof action>()
  const t = useT()
  return (
    <>
      <PageHeader
        title={page.title}
        intro={page.project.name}
        above={t('requests.numberValue', { number: page.number })}
      />
      <RequestForm
        resources={page.resources}
        defaults={page.defaults}
        lastResult={lastResult}
        projectId={page.projectId}
        version={page.version}
      />
    </>
  )
}

export function ErrorBoundary() {
  return <RouteErrorBoundary />
}
