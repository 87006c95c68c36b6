import { Form } from '@remix-run/react'
import { useRef, useState } from 'react'
import type { Translate } from '#app/utils/i18n'
import type { QueueAgencies } from '../queue_.agencies'

/**
 * The queue's filter (agency and order), a plain GET form. The agency choices (every active agency,
 * a thousand in a province) are fetched the first time the field is used, not sent with every
 * page; the field takes an agency code, which the browser suggests from the list by code or name.
 */
export function QueueFilter({
  agency,
  query,
  t,
}: {
  /** The agency filtered on, named beside the field. */
  agency: { code: string; name: string } | null
  query: { agency?: string; sort?: 'oldest' | 'newest' }
  t: Translate
}) {
  const [choices, loadChoices] = useAgencyChoices()
  return (
    <Form method="get" className="filter">
      <label>
        {t('workflow.queue.agencyFilter')}{' '}
        <input
          type="search"
          name="agency"
          list="queue-agencies"
          defaultValue={query.agency ?? ''}
          placeholder={t('workflow.queue.allAgencies')}
          title={agency?.name}
          autoComplete="off"
          onFocus={loadChoices}
          onPointerDown={loadChoices}
        />
        <datalist id="queue-agencies">
          {choices.map((a) => (
            <option key={a.code} value={a.code}>
              {a.name}
            </option>
          ))}
        </datalist>
      </label>{' '}
      {agency ? <span className="muted">{agency.name}</span> : null}{' '}
      <label>
        {t('workflow.queue.sort')}{' '}
        <select name="sort" defaultValue={query.sort ?? 'oldest'}>
          <option value="oldest">{t('workflow.queue.sortOldest')}</option>
          <option value="newest">{t('workflow.queue.sortNewest')}</option>
        </select>
      </label>{' '}
      <button type="submit" className="button">
        {t('workflow.queue.apply')}
      </button>
    </Form>
  )
}

/** The agencies to suggest, and the function that fetches them once (again after a failure). */
function useAgencyChoices(): [QueueAgencies['agencies'], () => void] {
  const [choices, setChoices] = useState<QueueAgencies['agencies']>([])
  const asked = useRef(false)
  const load = () => {
    if (asked.current) return
    asked.current = true
    fetch('/queue/agencies', { headers: { accept: 'application/json' } })
      .then((response) => (response.ok ? (response.json() as Promise<QueueAgencies>) : { agencies: [] }))
      .then((body) => setChoices(body.agencies))
      .catch(() => {
        asked.current = false // offline for a moment: try again on the next focus
      })
  }
  return [choices, load]
}
