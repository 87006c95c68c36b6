import { randomUUID } from 'node:crypto'
import { z } from 'zod'
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { useActionData, useLoaderData } from '@remix-run/react'
import { RequestForm } from '#app/components/request-form'
import { PageHeader } from '#app/components/ui/page-header'
import { RouteErrorBoundary } from '#app/components/ui/route-error-boundary'
import { requireVisibleObject } from '#app/utils/auth.server'
import { requestOrigin } from '#app/utils/client-origin.server'
import { getDb } from '#app/utils/db.server'
import {
  actInTransaction,
  actorOf,
  approvalPolicy,
  createDraftRequest,
  formatDomainError,
} from '#app/utils/workflow.server'
import { notFound } from '#app/utils/errors.server'
import { resolveLocale, translate } from '#app/utils/i18n.server'
import { titleMeta } from '#app/utils/meta'
import { catalogueSettings, formResources, parseRequestForm } from '#app/utils/request-form.server'
import { readForm } from '#app/utils/form.server'

const missingProject = (namespace: string | undefined) =>
  ({ key: 'projects.notFound', params: { namespace: String(namespace ?? '') } }) as const

async function authorisedProject(request: Request, namespace: string | undefined) {
  const { found: project, principal } = await requireVisibleObject(request, 'request.create', {
    type: 'Project',
    missing: missingProject(namespace),
    find: () =>
      getDb().project.findUnique({
        where: { namespace: String(namespace ?? '') },
        select: { id: true, name: true, namespace: true, agencyId: true },
      }),
  })
  return { project, principal }
}

/** The kind a link may preset (the home page's "request more" for a system with a grant); else new. */
const PresetKind = z.enum(['new', 'increase', 'decrease']).catch('new')

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { project } = await authorisedProject(request, params.namespace)
  const locale = resolveLocale(request)
  const resources = formResources(await catalogueSettings(getDb()), locale)
  return {
    // Identifies this form: sent twice, it still makes one request (see createDraftRequest).
    idempotencyKey: randomUUID(),
    title: translate(locale, 'workflow.newRequest'),
    project,
    resources,
    defaults: {
      kind: PresetKind.parse(new URL(request.url).searchParams.get('kind') ?? undefined),
      justification: '',
      endDate: '',
      lines: resources.map((r) => ({ resource: r.resource, amount: '' })),
      backup: { preset: 'none', retentionDays: '' },
    },
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { project, principal } = await authorisedProject(request, params.namespace)
  const locale = resolveLocale(request)
  const form = await readForm(request)
  const parsed = await parseRequestForm(getDb(), form, { projectId: project.id, locale })
  if (!parsed.ok) return parsed.reply
  const key = form.get('idempotencyKey')
  const policy = parsed.intent === 'submit' ? await approvalPolicy() : null
  const created = await createDraftRequest(getDb(), {
    idempotencyKey: typeof key === 'string' && /^[0-9a-f-]{36}$/.test(key) ? key : undefined,
    projectId: project.id,
    requesterId: principal.userId,
    requesterLabel: principal.displayName,
    content: parsed.content,
    origin: requestOrigin(request),
    // Submitted with the draft, in its transaction: both or neither. Validated for submission
    // above; a refusal here would be a rule of the state machine itself, and leaves the draft.
    ...(policy
      ? {
          alsoInTransaction: (tx, draftId) =>
            actInTransaction(
              tx,
              {
                requestId: draftId,
                action: 'submit',
                actor: actorOf(principal),
                expectedVersion: 1,
                policy,
                origin: requestOrigin(request),
              },
              new Date(),
            ),
        }
      : {}),
  })
  if (!created) throw notFound(request, missingProject(params.namespace))
  // The agency was archived between the form's check and this write: say why, as the check would.
  if ('refused' in created) throw new Response(formatDomainError(created.refused, locale), { status: 409 })
  return redirect(`/requests/${created.number}`)
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => titleMeta(data?.title, matches)

export default function NewRequest() {
  const page = useLoaderData<typeof loader>()
  const lastResult = useActionData<typeof action>()
  return (
    <>
      <PageHeader title={page.title} intro={page.project.name} above={page.project.name} />
      <RequestForm
        resources={page.resources}
        defaults={page.defaults}
        lastResult={lastResult}
        projectId={page.project.id}
        version={null}
        idempotencyKey={page.idempotencyKey}
      />
    </>
  )
}

export function ErrorBoundary() {
  return <RouteErrorBoundary />
}
