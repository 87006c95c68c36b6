import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { useRef, useState } from 'react'
import { Badge } from '#app/components/ui/badge'
import { PageHeader } from '#app/components/ui/page-header'
import { CursorPager } from '#app/components/ui/cursor-pager'
import { RouteErrorBoundary } from '#app/components/ui/route-error-boundary'
import { PLATFORM, requireAuthorised } from '#app/utils/auth.server'
import { getDb } from '#app/utils/db.server'
import { httpError, withErrorReference } from '#app/utils/errors.server'
import { resolveLocale, translate } from '#app/utils/i18n.server'
import { useT } from '#app/utils/i18n'
import { titleMeta } from '#app/utils/meta'
import { searchObject } from '#app/utils/paging.server'
import { approvalPolicy } from '#app/utils/workflow.server'
import { QueueQuery, loadQueue } from './queue.server'
import type { QueueAgencies } from '../queue_.agencies'

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAuthorised(request, 'request.decide', PLATFORM)
  const url = new URL(request.url)
  const query = QueueQuery.safeParse(searchObject(url))
  if (!query.success) throw httpError(request, 400, { key: 'requests.invalidFilter' })
  const locale = resolveLocale(request)
  const queue = await withErrorReference(request, () =>
    loadQueue({ db: getDb(), locale, query: query.data, policy: approvalPolicy() }),
  )
  return { ...queue, query: query.data, title: translate(locale, 'workflow.queue.title') }
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => titleMeta(data?.title, matches)

export default function Queue() {
  const { items, agency, query, page, title } = useLoaderData<typeof loader>()
  const t = useT()
  // The filter's choices (every active agency, a thousand in a province) are fetched the first
  // time the field is used, not sent with every page; the field takes an agency code, which the
  // browser suggests from the list by code or name.
  const [choices, setChoices] = useState<QueueAgencies['agencies']>([])
  const asked = useRef(false)
  const loadChoices = () => {
    if (asked.current) return
    asked.current = true
    fetch('/queue/agencies', { headers: { accept: 'application/json' } })
      .then((response) => (response.ok ? (response.json() as Promise<QueueAgencies>) : { agencies: [] }))
      .then((body) => setChoices(body.agencies))
      .catch(() => {
        asked.current = false // offline for a moment: try again on the next focus
      })
  }
  return (
    <>
      <PageHeader title={title} intro={t('workflow.queue.intro')} />
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
      {items.length === 0 ? (
        <p className="empty">{t('workflow.queue.empty')}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('requests.number')}</th>
                <th scope="col">{t('requests.project')}</th>
                <th scope="col">{t('requests.agency')}</th>
                <th scope="col">{t('requests.kind')}</th>
                <th scope="col">{t('requests.submittedAt')}</th>
                <th scope="col" className="num">
                  {t('workflow.queue.waiting')}
                </th>
                <th scope="col">{t('workflow.queue.needs')}</th>
                <th scope="col">{t('workflow.queue.fit')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((item) => (
                <tr key={item.number}>
                  <th scope="row">
                    <Link to={`/requests/${item.number}/decide`}>{item.number}</Link>
                  </th>
                  <td>{item.project}</td>
                  <td>{item.agency}</td>
                  <td>{t(`request.kind.${item.kind}`)}</td>
                  <td>{item.submittedAt}</td>
                  <td className="num">{t('workflow.queue.days', { days: item.waitingDays })}</td>
                  <td>
                    {item.approvalsRequired === 2 ? (
                      <Badge tone="warning">
                        {t('workflow.queue.needsTwo')} ({item.approvals}/2)
                      </Badge>
                    ) : null}{' '}
                    {item.needsSignOff ? <Badge tone="info">{t('workflow.queue.needsSignOff')}</Badge> : null}
                  </td>
                  <td>
                    <Badge tone={item.fits ? 'success' : 'danger'}>
                      {item.fits ? t('workflow.fits') : t('workflow.doesNotFit')}
                    </Badge>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <CursorPager info={page} t={t} />
    </>
  )
}

export function ErrorBoundary() {
  return <RouteErrorBoundary />
}
