import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { DataTable, type Column } from '#app/components/ui/data-table'
import { ErrorSummary, fieldErrorId, fieldErrorProps } from '#app/components/ui/error-summary'
import { FieldErrors } from '#app/components/ui/field-errors'
import { EmptyState, PageHeader } from '#app/components/ui/page-header'
import { RouteErrorBoundary } from '#app/components/ui/route-error-boundary'
import { useT } from '#app/utils/i18n'
import { titleMeta } from '#app/utils/meta'
import { closingAction, closingPage } from './closing.server'

// A system's closing (issue 15, decision 0058): its life (in service, closing, closed), the
// closing requests, the agency's ask and the operators' decision; a refusal keeps what was typed.

export async function loader({ request, params }: LoaderFunctionArgs) {
  return closingPage(request, params.namespace ?? '')
}

export async function action({ request, params }: ActionFunctionArgs) {
  const namespace = params.namespace ?? ''
  const refused = await closingAction(request, namespace)
  if (refused === null) return redirect(`/projects/${encodeURIComponent(namespace)}/closing`)
  return data(refused, { status: 422 })
}

export const meta: MetaFunction<typeof loader> = ({ data: page, matches }) => titleMeta(page?.title, matches)

type Closure = Awaited<ReturnType<typeof closingPage>>['closures'][number]

const columns: readonly Column<Closure>[] = [
  { header: 'closing.requestedAt', cell: (row) => row.requestedAt },
  { header: 'closing.reason', cell: (row) => row.reason },
  { header: 'closing.decide', cell: (row) => `${row.state}${row.note ? ` · ${row.note}` : ''}` },
  { header: 'closing.decidedAt', cell: (row) => row.decidedAt },
  { header: 'closing.lastBackup', cell: (row) => row.lastBackup },
]

export default function Closing() {
  const page = useLoaderData<typeof loader>()
  const refused = useActionData<typeof action>()
  const t = useT()
  const errors = (field: string) => (refused?.field === field ? [refused.message] : undefined)
  // Each form's summary says only its own refusal (one field each).
  const refusal = (field: string) => ({ [field]: errors(field) })
  return (
    <>
      <PageHeader title={page.title} intro={t('closing.intro')} above={page.name} />
      <p data-life>{page.life}</p>
      {page.mayAsk ? (
        <Form method="post" className="request-form" noValidate>
          <h2>{t('closing.ask')}</h2>
          <input type="hidden" name="intent" value="ask" />
          <ErrorSummary form="closing-ask" errors={refusal('reason')} fields={['reason']} />
          <label>
            {t('closing.reason')}
            <textarea
              name="reason"
              maxLength={500}
              defaultValue={refused?.values.reason ?? ''}
              {...fieldErrorProps('closing-ask', 'reason', refusal('reason'))}
            />
            <FieldErrors errors={errors('reason')} id={fieldErrorId('closing-ask', 'reason')} />
          </label>
          <p>
            <button type="submit" className="button">
              {t('closing.askSubmit')}
            </button>
          </p>
        </Form>
      ) : null}
      {page.withdrawable ? (
        <Form method="post" className="request-form" noValidate>
          <input type="hidden" name="closureId" value={page.withdrawable.id} />
          <p>
            <button type="submit" name="intent" value="withdraw" className="button button--secondary">
              {t('closing.withdraw')}
            </button>
          </p>
        </Form>
      ) : null}
      {/* A withdrawal from a page left open after the decision: the refusal says why. */}
      <ErrorSummary form="closing-withdraw" errors={refusal('withdraw')} fields={[]} />
      {page.waiting ? (
        <Form method="post" className="request-form" noValidate>
          <h2>{t('closing.decide')}</h2>
          <input type="hidden" name="closureId" value={page.waiting.id} />
          <ErrorSummary form="closing-decide" errors={refusal('note')} fields={['note']} />
          <label>
            {t('closing.note')}
            <textarea
              name="note"
              maxLength={500}
              defaultValue={refused?.values.note ?? ''}
              {...fieldErrorProps('closing-decide', 'note', refusal('note'))}
            />
            <FieldErrors errors={errors('note')} id={fieldErrorId('closing-decide', 'note')} />
          </label>
          <p>
            <button type="submit" name="intent" value="approve" className="button">
              {t('closing.approve')}
            </button>{' '}
            <button type="submit" name="intent" value="reject" className="button button--secondary">
              {t('closing.reject')}
            </button>
          </p>
        </Form>
      ) : null}
      <section className="section" aria-labelledby="closures">
        <h2 id="closures">{t('closing.history')}</h2>
        {page.closures.length === 0 ? (
          <EmptyState>{t('closing.none')}</EmptyState>
        ) : (
          <DataTable rows={page.closures} rowKey={(row) => row.id} columns={columns} t={t} />
        )}
      </section>
    </>
  )
}

export function ErrorBoundary() {
  return <RouteErrorBoundary />
}
