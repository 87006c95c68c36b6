import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { PoolForm } from '#app/components/pool-form'
import { PageHeader } from '#app/components/ui/page-header'
import { RouteErrorBoundary } from '#app/components/ui/route-error-boundary'
import { useT } from '#app/utils/i18n'
import { titleMeta } from '#app/utils/meta'
import { createFromForm, newPoolPage } from './pool-new.server'

// A new capacity pool (issue 15, decision 0054): choose its kind, then type its resources beside
// the platform's latest reading; a refusal keeps what was typed.

export async function loader({ request }: LoaderFunctionArgs) {
  return newPoolPage(request)
}

export async function action({ request }: ActionFunctionArgs) {
  const outcome = await createFromForm(request)
  if (outcome.ok) return redirect(`/pools/${encodeURIComponent(outcome.code)}/edit?saved=1`)
  return data({ errors: outcome.errors, values: outcome.values }, { status: 422 })
}

export const meta: MetaFunction<typeof loader> = ({ data: page, matches }) => titleMeta(page?.title, matches)

export default function NewPool() {
  const page = useLoaderData<typeof loader>()
  const refusal = useActionData<typeof action>()
  const t = useT()
  return (
    <>
      <PageHeader title={page.title} intro={t('poolAdmin.intro')} />
      <nav className="sub-nav" aria-label={t('poolAdmin.kind')}>
        <ul>
          {page.kinds.map((kind) => (
            <li key={kind.href}>
              <Link to={kind.href} aria-current={kind.current ? 'page' : undefined}>
                {kind.label}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <PoolForm
        resources={page.resources}
        current={{}}
        reading={page.reading}
        values={refusal?.values ?? page.values}
        errors={refusal?.errors ?? {}}
        refused={refusal !== undefined}
        hidden={page.hidden}
        submit={t('poolAdmin.submitNew')}
        creating
        t={t}
      />
    </>
  )
}

export function ErrorBoundary() {
  return <RouteErrorBoundary />
}
