import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { projectPath, requestPath } from '#app/components/paths'
import { SecurityNav } from '#app/components/security-nav'
import { DataTable, type Column } from '#app/components/ui/data-table'
import { ForwardPager } from '#app/components/ui/forward-pager'
import { PageHeader } from '#app/components/ui/page-header'
import { RouteErrorBoundary } from '#app/components/ui/route-error-boundary'
import { PLATFORM, requireAuthorised } from '#app/utils/auth.server'
import { getDb } from '#app/utils/db.server'
import { httpError, withErrorReference } from '#app/utils/errors.server'
import { resolveLocale, translate } from '#app/utils/i18n.server'
import { useT } from '#app/utils/i18n'
import { titleMeta } from '#app/utils/meta'
import { searchObject } from '#app/utils/paging.server'
import { loadSignOffQueue, positionOf, SignOffQuery, type SignOffRow } from './sign-off.server'

// The security officer's sign-off queue (issue 13, decision 0043): only the requests needing
// this officer's sign-off, oldest first, each linked to its decide page. request.sign_off.
export async function loader({ request }: LoaderFunctionArgs) {
  const principal = await requireAuthorised(request, 'request.sign_off', PLATFORM)
  const query = SignOffQuery.safeParse(searchObject(new URL(request.url)))
  const position = query.success ? positionOf(query.data.after) : undefined
  if (position === undefined) throw httpError(request, 400, { key: 'security.invalidFilter' })
  const locale = resolveLocale(request)
  const queue = await withErrorReference(request, () =>
    loadSignOffQueue(getDb(), { officerId: principal.userId, position, locale }),
  )
  return { title: translate(locale, 'security.signOff.title'), ...queue }
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => titleMeta(data?.title, matches)

const COLUMNS: readonly Column<SignOffRow>[] = [
  { header: 'security.signOff.number', cell: (r) => <Link to={requestPath(r.number)}>{r.number}</Link> },
  { header: 'security.signOff.project', cell: (r) => <Link to={projectPath(r.namespace)}>{r.project}</Link> },
  { header: 'security.signOff.agency', cell: (r) => r.agency },
  { header: 'security.signOff.level', numeric: true, cell: (r) => r.level },
  { header: 'security.signOff.personalData', cell: (r) => r.personalData },
  { header: 'security.signOff.kind', cell: (r) => r.kind },
  { header: 'security.signOff.submittedAt', cell: (r) => r.submittedAt },
  { header: 'security.signOff.approvals', numeric: true, cell: (r) => r.approvals },
  {
    header: 'security.signOff.decide',
    cell: (r, t) => <Link to={`${requestPath(r.number)}/decide`}>{t('security.signOff.decide')}</Link>,
  },
]

export default function SignOffQueue() {
  const data = useLoaderData<typeof loader>()
  const t = useT()
  return (
    <>
      <SecurityNav />
      <PageHeader title={data.title} intro={t('security.signOff.intro')} />
      {data.items.length === 0 ? (
        <p className="empty">{t('security.signOff.none')}</p>
      ) : (
        <DataTable
          rows={data.items}
          columns={COLUMNS}
          rowKey={(r) => r.number}
          rowData={(r) => ({ 'data-request': String(r.number) })}
          t={t}
        />
      )}
      <ForwardPager next={data.next} total="" t={t} />
    </>
  )
}

export function ErrorBoundary() {
  return <RouteErrorBoundary />
}
