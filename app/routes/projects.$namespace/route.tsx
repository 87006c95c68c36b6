import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { Badge } from '#app/components/ui/badge'
import { PageHeader } from '#app/components/ui/page-header'
import { RouteErrorBoundary } from '#app/components/ui/route-error-boundary'
import { may, ofAgency, requireAuthorised, requirePrincipal } from '#app/utils/auth.server'
import { getDb } from '#app/utils/db.server'
import { notFound, withErrorReference } from '#app/utils/errors.server'
import { resolveLocale } from '#app/utils/i18n.server'
import { useT } from '#app/utils/i18n'
import { titleMeta } from '#app/utils/meta'
import { allocationStateTone, requestStateTone } from '#app/utils/tones'
import { Namespace, findProjectAgency, loadProject } from './project.server'

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePrincipal(request) // signed in before anything, even a 404, is said
  const namespace = Namespace.safeParse(params.namespace)
  const missing = { key: 'projects.notFound', params: { namespace: String(params.namespace ?? '') } } as const
  if (!namespace.success) throw notFound(request, missing)
  const owner = await withErrorReference(request, () => findProjectAgency({ db: getDb(), namespace: namespace.data }))
  if (owner === null) throw notFound(request, missing)
  const principal = await requireAuthorised(request, 'project.read', ofAgency(owner.agencyId), { notFound: missing, target: { type: 'Project', id: owner.id } })
  const project = await withErrorReference(request, () =>
    loadProject({ db: getDb(), locale: resolveLocale(request), namespace: namespace.data }),
  )
  if (project === null) throw notFound(request, missing)
  return { ...project, canRequest: may(principal, 'request.create', ofAgency(owner.agencyId)) }
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => titleMeta(data?.title, matches)

export default function ProjectDetail() {
  const project = useLoaderData<typeof loader>()
  const t = useT()
  return (
    <>
      <p className="breadcrumb">
        <Link to="/projects">{t('projects.title')}</Link>
      </p>
      <PageHeader title={project.name} intro={project.description || undefined}>
        {project.canRequest ? (
          <p>
            <Link to={`/projects/${encodeURIComponent(project.namespace)}/requests/new`} className="button">
              {t('workflow.newRequest')}
            </Link>
          </p>
        ) : null}
      </PageHeader>

      <dl className="facts">
        <div>
          <dt>{t('projects.agency')}</dt>
          <dd>
            <Link to={`/agencies/${encodeURIComponent(project.agency.code)}`}>{project.agency.name}</Link>
          </dd>
        </div>
        <div>
          <dt>{t('projects.namespace')}</dt>
          <dd>
            <code>{project.namespace}</code>
          </dd>
        </div>
        <div>
          <dt>{t('projects.slug')}</dt>
          <dd>
            <code>{project.slug}</code>
          </dd>
        </div>
        <div>
          <dt>{t('projects.securityLevel')}</dt>
          <dd>
            {project.securityLevel} <span className="muted small">({t('projects.securityLevelHint')})</span>
          </dd>
        </div>
        <div>
          <dt>{t('projects.personalData')}</dt>
          <dd>{project.personalData}</dd>
        </div>
        <div>
          <dt>{t('projects.contact')}</dt>
          <dd>
            {project.contact.name}
            <br />
            <a href={`mailto:${project.contact.email}`}>{project.contact.email}</a>
            {project.contact.phone ? (
              <>
                <br />
                {project.contact.phone}
              </>
            ) : null}
          </dd>
        </div>
      </dl>

      <section aria-labelledby="allocation">
        <h2 id="allocation">{t('projects.allocation')}</h2>
        {project.allocation === null ? (
          <p className="empty">{t('projects.noAllocation')}</p>
        ) : (
          <>
            <p>
              {t('projects.allocationState')}:{' '}
              <Badge tone={allocationStateTone(project.allocation.state)}>{project.allocation.stateLabel}</Badge>
              {project.allocation.endsAt ? (
                <>
                  {' '}
                  · {t('projects.allocationEnds')}: {project.allocation.endsAt}
                </>
              ) : null}
            </p>
            {project.allocation.backup ? <p>{project.allocation.backup}</p> : null}
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t('requests.resource')}</th>
                    <th scope="col" className="num">
                      {t('dashboard.allocated')}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {project.allocation.lines.map((line) => (
                    <tr key={line.resource}>
                      <th scope="row">{line.label}</th>
                      <td className="num">{line.amount}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        )}
      </section>

      <section aria-labelledby="requests">
        <h2 id="requests">{t('projects.requests')}</h2>
        {project.requests.length === 0 ? (
          <p className="empty">{t('projects.noRequests')}</p>
        ) : (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('requests.number')}</th>
                  <th scope="col">{t('requests.kind')}</th>
                  <th scope="col">{t('requests.state')}</th>
                  <th scope="col">{t('requests.submittedAt')}</th>
                </tr>
              </thead>
              <tbody>
                {project.requests.map((request) => (
                  <tr key={request.number}>
                    <th scope="row">
                      <Link to={`/requests/${request.number}`}>#{request.number}</Link>
                    </th>
                    <td>{request.kind}</td>
                    <td>
                      <Badge tone={requestStateTone(request.state)}>{request.stateLabel}</Badge>
                    </td>
                    <td>{request.date ?? t('common.none')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  )
}

export function ErrorBoundary() {
  return <RouteErrorBoundary />
}
