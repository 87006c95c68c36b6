import { Form, Link } from '@remix-run/react'
import type { AuditSearch } from '#server/audit/search'
import type { Translate } from '#app/utils/i18n'

const OUTCOMES = ['ok', 'denied', 'failed'] as const

/** The search of the trail: a plain GET form (it works without JavaScript, and its address can be shared). */
export function TrailFilter({ search, actions, t }: { search: AuditSearch; actions: readonly string[]; t: Translate }) {
  const field = (name: keyof AuditSearch, label: string, extra: { type?: string; placeholder?: string } = {}) => (
    <label>
      {label}{' '}
      <input
        name={name}
        type={extra.type ?? 'search'}
        defaultValue={search[name] ?? ''}
        placeholder={extra.placeholder}
      />
    </label>
  )
  return (
    <Form method="get" className="filter trail-filter" aria-label={t('audit.filter.legend')}>
      {field('actor', t('audit.filter.actor'), { placeholder: t('audit.filter.actorHint') })}
      {field('agency', t('audit.filter.agency'))}
      {field('project', t('audit.filter.project'))}
      <label>
        {t('audit.filter.action')}{' '}
        <select name="action" defaultValue={search.action ?? ''}>
          <option value="">{t('audit.filter.any')}</option>
          {actions.map((action) => (
            <option key={action} value={action}>
              {action}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('audit.filter.outcome')}{' '}
        <select name="outcome" defaultValue={search.outcome ?? ''}>
          <option value="">{t('audit.filter.any')}</option>
          {OUTCOMES.map((outcome) => (
            <option key={outcome} value={outcome}>
              {t(`audit.outcome.${outcome}`)}
            </option>
          ))}
        </select>
      </label>
      {field('from', t('audit.filter.from'), { type: 'date' })}
      {field('to', t('audit.filter.to'), { type: 'date' })}
      {field('request', t('audit.filter.request'), { placeholder: t('audit.filter.requestHint') })}
      <button type="submit">{t('audit.filter.apply')}</button> <Link to="/audit">{t('audit.filter.clear')}</Link>
    </Form>
  )
}
