import { Form, useNavigation } from '@remix-run/react'
import { Badge, type BadgeTone } from '#app/components/ui/badge'
import { ErrorSummary, fieldErrorId, fieldErrorProps } from '#app/components/ui/error-summary'
import { FieldErrors } from '#app/components/ui/field-errors'
import type { Translate } from '#app/utils/i18n'
import type { loadBudget } from './budget.server'
import { EmptyState } from '#app/components/ui/page-header'

type Budget = NonNullable<Awaited<ReturnType<typeof loadBudget>>>
export interface BudgetOutcome {
  readonly year: number | null
  readonly errors: Record<string, string[]>
  readonly values: Record<string, string>
}

const tone = (level: number): BadgeTone => (level >= 100 ? 'danger' : level > 0 ? 'warning' : 'success')

/** The year's budget, spent and forecast with their warning lines; the versions; the form for those who set it. */
export function BudgetSection({ budget, outcome, t }: { budget: Budget; outcome?: BudgetOutcome; t: Translate }) {
  return (
    <section aria-labelledby="budget" id="budget-section">
      <h2 id="budget">{t('budget.title', { year: budget.year })}</h2>
      <p className="muted">{t('budget.intro')}</p>
      {budget.amount === null ? <EmptyState>{t('budget.none', { year: budget.year })}</EmptyState> : null}
      {!budget.priced ? <p className="muted">{t('budget.unpriced')}</p> : null}
      <dl className="facts">
        {budget.amount !== null ? (
          <>
            <dt>{t('budget.amount')}</dt>
            <dd data-budget="amount">{budget.amount}</dd>
          </>
        ) : null}
        <dt>{t('budget.spent')}</dt>
        <dd data-budget="spent">
          {budget.spent} {budget.spentShare ? <>({budget.spentShare})</> : null}{' '}
          {budget.amount !== null ? <Badge tone={tone(budget.spentLevel)}>{budget.spentLevelText}</Badge> : null}
        </dd>
        <dt>{t('budget.forecast')}</dt>
        <dd data-budget="forecast">
          {budget.forecast} {budget.forecastShare ? <>({budget.forecastShare})</> : null}{' '}
          {budget.amount !== null ? <Badge tone={tone(budget.forecastLevel)}>{budget.forecastLevelText}</Badge> : null}
        </dd>
        <dt>{t('budget.runRate')}</dt>
        <dd>{budget.runRate}</dd>
      </dl>
      {budget.versions.length > 0 ? (
        <>
          <h3>{t('budget.versions')}</h3>
          <ul>
            {budget.versions.map((v) => (
              <li key={v.version} data-version={v.version}>
                {v.line} {v.note}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {budget.form ? (
        <BudgetForm budget={budget} years={budget.form.years} outcome={outcome} t={t} />
      ) : (
        <p className="muted small">{t('budget.readOnly')}</p>
      )}
    </section>
  )
}

/** The form's id: its fields' ids and the error summary's links start with it. */
const FORM = 'budget'

function BudgetForm({
  budget,
  years,
  outcome,
  t,
}: {
  budget: Budget
  years: NonNullable<Budget['form']>['years']
  outcome?: BudgetOutcome
  t: Translate
}) {
  const busy = useNavigation().state === 'submitting'
  const errors = outcome?.errors ?? {}
  const failed = outcome !== undefined && outcome.year === null
  return (
    <Form method="post" className="request-form" noValidate>
      <h3>{t('budget.form.title')}</h3>
      {failed ? (
        <ErrorSummary
          form={FORM}
          errors={Object.keys(errors).length > 0 ? errors : { form: [] }}
          fields={['year', 'amount']}
          title={t('budget.form.failed')}
        />
      ) : outcome?.year ? (
        <div className="alert alert--success" role="status">
          <p>{t('budget.form.saved', { year: outcome.year })}</p>
        </div>
      ) : null}
      {years.map((offered) => (
        <input key={offered.year} type="hidden" name={`expectedVersion:${offered.year}`} value={offered.version} />
      ))}
      <label>
        {t('budget.form.year')}
        <select
          name="year"
          defaultValue={outcome?.values['year'] ?? String(budget.year)}
          {...fieldErrorProps(FORM, 'year', errors)}
        >
          {years.map((offered) => (
            <option key={offered.year} value={offered.year}>
              {offered.label}
            </option>
          ))}
        </select>
        <FieldErrors errors={errors['year']} id={fieldErrorId(FORM, 'year')} />
      </label>
      <label>
        {t('budget.form.amount')}
        <input
          name="amount"
          inputMode="numeric"
          required
          defaultValue={outcome?.values['amount'] ?? ''}
          {...fieldErrorProps(FORM, 'amount', errors)}
        />
        <FieldErrors errors={errors['amount']} id={fieldErrorId(FORM, 'amount')} />
      </label>
      <label>
        {t('budget.form.note')}
        <textarea name="note" rows={2} maxLength={500} defaultValue={outcome?.values['note'] ?? ''} />
      </label>
      <p>
        <button type="submit" className="button" disabled={busy}>
          {t('budget.form.submit')}
        </button>
      </p>
    </Form>
  )
}
