import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { ProjectTable, projectColumns } from '#app/components/project-table'
import { HeadroomTable } from '#app/components/headroom-table'
import { Badge } from '#app/components/ui/badge'
import { PageHeader } from '#app/components/ui/page-header'
import { RouteErrorBoundary } from '#app/components/ui/route-error-boundary'
import { may, ofAgency, requireAuthorised, requirePrincipal } from '#app/utils/auth.server'
import { getDb } from '#app/utils/db.server'
import { notFound, withErrorReference } from '#app/utils/errors.server'
import { headroomView } from '#app/utils/headroom.server'
import { resolveLocale } from '#app/utils/i18n.server'
import { useT } from '#app/utils/i18n'
import { titleMeta } from '#app/utils/meta'
import { AgencyCode, findAgencyId, kubeconfigOffer, loadAgency } from './agency.server'

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePrincipal(request) // signed in before anything, even a 404, is said
  const code = AgencyCode.safeParse(params.code)
  if (!code.success) throw notFound(request, { key: 'agencies.notFound', params: { code: String(params.code ?? '') } })
  const missing = { key: 'agencies.notFound', params: { code: code.data } } as const
  const agencyId = await withErrorReference(request, () => findAgencyId({ db: getDb(), code: code.data }))
  if (agencyId === null) throw notFound(request, missing)
  const principal = await requireAuthorised(request, 'agency.read', ofAgency(agencyId), {
    notFound: missing,
    target: { type: 'Agency', id: agencyId },
  })
  const locale = resolveLocale(request)
  const [agency, headroom] = await withErrorReference(request, () =>
    Promise.all([loadAgency({ db: getDb(), locale, code: code.data }), headroomView(getDb(), { agencyId }, locale)]),
  )
  if (agency === null) throw notFound(request, { key: 'agencies.notFound', params: { code: code.data } })
  // Only the agency's own staff are offered its kubeconfig, and only once a namespace exists.
  const kubeconfig = may(principal, 'kubeconfig.download', ofAgency(agencyId))
    ? await withErrorReference(request, () => kubeconfigOffer({ db: getDb(), agencyId }))
    : null
  return { ...agency, headroom, kubeconfig }
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => titleMeta(data?.title, matches)

const agencyPath = (code: string) => `/agencies/${encodeURIComponent(code)}`

export default function AgencyDetail() {
  const agency = useLoaderData<typeof loader>()
  const t = useT()
  return (
    <>
      <p className="breadcrumb">
        <Link to="/agencies">{t('agencies.title')}</Link>
      </p>
      <PageHeader title={agency.name}>
        <p>
          <Badge tone={agency.status === 'active' ? 'success' : 'neutral'}>{agency.statusLabel}</Badge>{' '}
          {agency.mergedInto ? <Link to={agencyPath(agency.mergedInto.code)}>{agency.mergedInto.text}</Link> : null}
        </p>
      </PageHeader>

      <dl className="facts">
        <div>
          <dt>{t('agencies.code')}</dt>
          <dd>
            <code>{agency.code}</code>
          </dd>
        </div>
        <div>
          <dt>{t('agencies.nameVi')}</dt>
          <dd lang="vi">{agency.nameVi}</dd>
        </div>
        <div>
          <dt>{t('agencies.nameEn')}</dt>
          <dd lang="en">{agency.nameEn || t('common.none')}</dd>
        </div>
        <div>
          <dt>{t('agencies.kind')}</dt>
          <dd>{agency.kind}</dd>
        </div>
        <div>
          <dt>{t('agencies.parent')}</dt>
          <dd>
            {agency.parent ? <Link to={agencyPath(agency.parent.code)}>{agency.parent.name}</Link> : t('common.none')}
          </dd>
        </div>
      </dl>

      {agency.children.length > 0 ? (
        <section aria-labelledby="children">
          <h2 id="children">{t('agencies.children')}</h2>
          <ul className="plain-list">
            {agency.children.map((child) => (
              <li key={child.code}>
                <Link to={agencyPath(child.code)}>{child.name}</Link>{' '}
                <span className="muted small">· {child.statusLabel}</span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      {agency.mergedFrom.length > 0 ? (
        <section aria-labelledby="merged-from">
          <h2 id="merged-from">{t('agencies.mergedFrom')}</h2>
          <ul className="plain-list">
            {agency.mergedFrom.map((other) => (
              <li key={other.code}>
                <Link to={agencyPath(other.code)}>{other.name}</Link>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      {agency.kubeconfig ? (
        <section aria-labelledby="kubeconfig">
          <h2 id="kubeconfig">{t('agencies.kubeconfig.title')}</h2>
          <p>{t('agencies.kubeconfig.intro', { count: agency.kubeconfig.namespaces })}</p>
          <p>
            <a href={`${agencyPath(agency.code)}/kubeconfig`} download>
              {t('agencies.kubeconfig.download')}
            </a>
          </p>
        </section>
      ) : null}

      <section aria-labelledby="headroom">
        <h2 id="headroom">{t('headroom.agency')}</h2>
        <HeadroomTable lines={agency.headroom.lines} note={agency.headroom.note} t={t} />
      </section>

      <section aria-labelledby="projects">
        <h2 id="projects">{t('agencies.projects')}</h2>
        {agency.projects.length === 0 ? (
          <p className="empty">{t('agencies.noProjects')}</p>
        ) : (
          <ProjectTable
            projects={agency.projects}
            columns={[projectColumns.namespace, projectColumns.securityLevel, projectColumns.personalData]}
            t={t}
          />
        )}
      </section>
    </>
  )
}

export function ErrorBoundary() {
  return <RouteErrorBoundary />
}
