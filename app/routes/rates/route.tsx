import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from '@remix-run/react'
import { Cell, DataTable, RowHeader, Table, TableRow, type Column } from '#app/components/ui/data-table'
import { ErrorSummary, fieldErrorId, fieldErrorProps } from '#app/components/ui/error-summary'
import { FieldErrors } from '#app/components/ui/field-errors'
import { PageHeader } from '#app/components/ui/page-header'
import { RouteErrorBoundary } from '#app/components/ui/route-error-boundary'
import { useT } from '#app/utils/i18n'
import { titleMeta } from '#app/utils/meta'
import { addVersionFromForm, ratesPage } from './rates.server'

// The rate card (issue 14, decision 0048): the card in force and those scheduled, the footprint
// coefficients, and for operators the form that adds a version from a later day.

export async function loader({ request }: LoaderFunctionArgs) {
  return ratesPage(request)
}

export async function action({ request }: ActionFunctionArgs) {
  const outcome = await addVersionFromForm(request)
  if (outcome.ok) return redirect(`/rates?added=${outcome.effectiveFrom}`)
  return data({ errors: outcome.errors, values: outcome.values }, { status: 422 })
}

export const meta: MetaFunction<typeof loader> = ({ data: page, matches }) => titleMeta(page?.title, matches)

type Page = Awaited<ReturnType<typeof ratesPage>>
type Card = NonNullable<Page['current']>
type Row = Card['rows'][number]

const COLUMNS: readonly Column<Row>[] = [
  { header: 'rates.resource', cell: (row) => row.label },
  { header: 'rates.unit', cell: (row) => row.unit },
  { header: 'rates.price', cell: (row) => row.price, numeric: true },
  { header: 'rates.basis', cell: (row) => row.basis },
]

function CardTable({ card, heading }: { card: Card; heading: string }) {
  const t = useT()
  return (
    <section className="section" data-card={card.effectiveFrom}>
      <h2>{heading}</h2>
      <p className="muted small">
        {card.madeBy} {card.note}
      </p>
      <DataTable
        rows={card.rows}
        columns={COLUMNS}
        rowKey={(row) => row.resource}
        rowData={(row) => ({ 'data-resource': row.resource })}
        t={t}
      />
    </section>
  )
}

const BASES = ['max_requested_used', 'used', 'granted'] as const

/** The form's id: its fields' ids and the error summary's links start with it. */
const FORM = 'rate-card'

function AddVersion({ lines }: { lines: NonNullable<Page['form']> }) {
  const t = useT()
  const outcome = useActionData<typeof action>()
  const busy = useNavigation().state === 'submitting'
  const errors = outcome?.errors ?? {}
  const value = (name: string, fallback: string) => outcome?.values[name] ?? fallback
  return (
    <section className="section">
      <h2>{t('rates.add.title')}</h2>
      <p className="muted">{t('rates.add.intro')}</p>
      <Form method="post" className="request-form" noValidate>
        {outcome ? (
          <ErrorSummary
            form={FORM}
            errors={Object.keys(errors).length > 0 ? errors : { form: [] }}
            fields={['effectiveFrom', ...lines.flatMap((l) => [`price:${l.resource}`, `basis:${l.resource}`])]}
            title={t('rates.add.failed')}
          />
        ) : null}
        <label>
          {t('rates.add.effectiveFrom')}
          <input
            type="date"
            name="effectiveFrom"
            required
            defaultValue={value('effectiveFrom', '')}
            {...fieldErrorProps(FORM, 'effectiveFrom', errors)}
          />
          <FieldErrors errors={errors['effectiveFrom']} id={fieldErrorId(FORM, 'effectiveFrom')} />
        </label>
        <label>
          {t('rates.add.note')}
          <textarea name="note" rows={2} maxLength={500} defaultValue={value('note', '')} />
        </label>
        <Table headings={[{ label: t('rates.resource') }, { label: t('rates.price') }, { label: t('rates.basis') }]}>
          {lines.map((line) => (
            <TableRow key={line.resource} data={{ 'data-resource': line.resource }}>
              <RowHeader>{line.label}</RowHeader>
              <Cell label={t('rates.price')}>
                <input
                  name={`price:${line.resource}`}
                  inputMode="decimal"
                  aria-label={`${t('rates.price')}: ${line.label}`}
                  defaultValue={value(`price:${line.resource}`, line.price)}
                  {...fieldErrorProps(FORM, `price:${line.resource}`, errors)}
                />
                <FieldErrors
                  errors={errors[`price:${line.resource}`]}
                  id={fieldErrorId(FORM, `price:${line.resource}`)}
                />
              </Cell>
              <Cell label={t('rates.basis')}>
                <select
                  name={`basis:${line.resource}`}
                  aria-label={`${t('rates.basis')}: ${line.label}`}
                  defaultValue={value(`basis:${line.resource}`, line.basis)}
                  {...fieldErrorProps(FORM, `basis:${line.resource}`, errors)}
                >
                  {BASES.map((basis) => (
                    <option key={basis} value={basis}>
                      {t(`rates.basis.${basis}`)}
                    </option>
                  ))}
                </select>
                <FieldErrors
                  errors={errors[`basis:${line.resource}`]}
                  id={fieldErrorId(FORM, `basis:${line.resource}`)}
                />
              </Cell>
            </TableRow>
          ))}
        </Table>
        <p>
          <button type="submit" className="button" disabled={busy}>
            {t('rates.add.submit')}
          </button>
        </p>
      </Form>
    </section>
  )
}

export default function Rates() {
  const page = useLoaderData<typeof loader>()
  const t = useT()
  const [query] = useSearchParams()
  const added = page.scheduled.find((card) => card.effectiveFrom === query.get('added'))
  return (
    <>
      <PageHeader title={page.title} intro={t('rates.intro')} />
      {added ? (
        <div className="alert alert--success" role="status">
          <p>{t('rates.add.done', { date: added.date })}</p>
        </div>
      ) : null}
      {page.current ? (
        <CardTable card={page.current} heading={t('rates.current', { date: page.current.date })} />
      ) : (
        <p>{t('rates.none')}</p>
      )}
      {page.scheduled.map((card) => (
        <CardTable key={card.effectiveFrom} card={card} heading={t('rates.scheduled', { date: card.date })} />
      ))}
      {page.footprint ? (
        <section className="section">
          <h2>{t('rates.footprint.title')}</h2>
          <p className="muted small">{t('rates.footprint.current', { date: page.footprint.date })}</p>
          <ul>
            {page.footprint.lines.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        </section>
      ) : null}
      {page.form ? <AddVersion lines={page.form} /> : null}
    </>
  )
}

export function ErrorBoundary() {
  return <RouteErrorBoundary />
}
