import { Form, Link } from '@remix-run/react'
import type { FindingSearch } from '#server/security/finding-search'
import type { Translate } from '#app/utils/i18n'

const STATUSES = [
  ['open,overdue', 'security.filter.toFix'],
  ['open', 'waiver.findingStatus.open'],
  ['overdue', 'waiver.findingStatus.overdue'],
  ['waived', 'waiver.findingStatus.waived'],
  ['resolved', 'waiver.findingStatus.resolved'],
] as const
const SEVERITIES = ['critical', 'high', 'medium', 'low'] as const

export type FilterChoices = {
  kinds: readonly string[]
  checks: readonly { id: string; title: string }[]
  agencies: readonly { code: string; name: string }[]
}

type Option = readonly [value: string, label: string]

function Select(props: {
  name: keyof FindingSearch
  label: string
  value: string
  options: readonly Option[]
  t: Translate
}) {
  return (
    <label>
      {props.label}{' '}
      <select name={props.name} defaultValue={props.value}>
        <option value="">{props.t('security.filter.any')}</option>
        {props.options.map(([value, label]) => (
          <option key={value} value={value}>
            {label}
          </option>
        ))}
      </select>
    </label>
  )
}

/** The findings' filter: a plain GET form (it works without JavaScript, and its address can be shared). */
export function FindingsFilter({
  search,
  choices,
  t,
}: {
  search: FindingSearch
  choices: FilterChoices
  t: Translate
}) {
  const text = (name: 'project' | 'from' | 'to', label: string, type = 'search') => (
    <label>
      {label} <input name={name} type={type} defaultValue={search[name] ?? ''} />
    </label>
  )
  return (
    <Form method="get" className="filter" aria-label={t('security.filter.legend')}>
      <Select
        name="status"
        label={t('security.filter.status')}
        value={search.status?.join(',') ?? ''}
        t={t}
        options={STATUSES.map(([value, key]) => [value, t(key)] as const)}
      />
      <Select
        name="severity"
        label={t('security.filter.severity')}
        value={search.severity ?? ''}
        t={t}
        options={SEVERITIES.map((s) => [s, t(`check.severity.${s}`)] as const)}
      />
      <Select
        name="check"
        label={t('security.filter.check')}
        value={search.check ?? ''}
        t={t}
        options={choices.checks.map((c) => [c.id, `${c.id} ${c.title}`] as const)}
      />
      <Select
        name="agency"
        label={t('security.findings.agency')}
        value={search.agency ?? ''}
        t={t}
        options={choices.agencies.map((a) => [a.code, a.name] as const)}
      />
      {text('project', t('security.filter.project'))}
      <Select
        name="level"
        label={t('security.filter.level')}
        value={search.level?.toString() ?? ''}
        t={t}
        options={[1, 2, 3, 4, 5].map((l) => [String(l), String(l)] as const)}
      />
      <Select
        name="kind"
        label={t('security.filter.kind')}
        value={search.kind ?? ''}
        t={t}
        options={choices.kinds.map((k) => [k, k] as const)}
      />
      {text('from', t('security.filter.from'), 'date')}
      {text('to', t('security.filter.to'), 'date')}
      <button type="submit">{t('security.filter.apply')}</button>{' '}
      <Link to="/security/findings">{t('security.filter.clear')}</Link>
    </Form>
  )
}
