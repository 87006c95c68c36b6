import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { RegistrationFormView } from '#app/components/system-forms'
import { PageHeader } from '#app/components/ui/page-header'
import { RouteErrorBoundary } from '#app/components/ui/route-error-boundary'
import { useT } from '#app/utils/i18n'
import { titleMeta } from '#app/utils/meta'
import { editFromForm, editPage } from './edit.server'

// Editing a registration that waits for review or was returned (issue 15, decision 0084): the
// registration form, filled, on the version read.

export async function loader({ request, params }: LoaderFunctionArgs) {
  return editPage(request, params['namespace'] ?? '')
}

export async function action({ request, params }: ActionFunctionArgs) {
  const namespace = params['namespace'] ?? ''
  const outcome = await editFromForm(request, namespace)
  if (outcome.ok) return redirect(`/systems/${namespace}?edited=1`)
  return data({ errors: outcome.errors, values: outcome.values }, { status: 422 })
}

export const meta: MetaFunction<typeof loader> = ({ data: page, matches }) => titleMeta(page?.title, matches)

export default function SystemEdit() {
  const page = useLoaderData<typeof loader>()
  const t = useT()
  return (
    <>
      <PageHeader title={t('systems.edit.title', { name: page.name })} intro={page.intro} above={page.name} />
      {page.refusal === null ? (
        <RegistrationFormView levels={page.levels} edit={{ version: page.version, values: page.values }} />
      ) : (
        <>
          <p className="muted" data-testid="not-editable">
            {page.refusal}
          </p>
          <p>
            <Link to={`/systems/${page.namespace}`}>{page.name}</Link>
          </p>
        </>
      )}
    </>
  )
}

export function ErrorBoundary() {
  return <RouteErrorBoundary />
}
