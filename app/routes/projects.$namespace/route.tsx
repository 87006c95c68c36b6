import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { useState } from 'react'
import { HeadroomTable } from '#app/components/headroom-table'
import { ProvisioningStatus } from '#app/components/provisioning-status'
import { RequestTable, requestColumns } from '#app/components/request-table'
import { S3Keys } from '#app/components/s3-keys'
import { Badge } from '#app/components/ui/badge'
import { PageHeader } from '#app/components/ui/page-header'
import { RouteErrorBoundary } from '#app/components/ui/route-error-boundary'
import { may, ofAgency } from '#app/utils/auth.server'
import { getDb } from '#app/utils/db.server'
import { notFound, withErrorReference } from '#app/utils/errors.server'
import { headroomView } from '#app/utils/headroom.server'
import { resolveLocale } from '#app/utils/i18n.server'
import { useT } from '#app/utils/i18n'
import { titleMeta } from '#app/utils/meta'
import { allocationStateTone } from '#app/utils/tones'
import { requireVisibleProject } from './access.server'
import { LABEL_MAX, keyAction, loadKeys } from './keys.server'
import { loadProject } from './project.server'
import { loadProvisioningStatus } from './provisioning.server'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { owner, principal, namespace, missing } = await requireVisibleProject(request, params.namespace)
  const locale = resolveLocale(request)
  const db = getDb()
  const canListKeys = may(principal, 'credentials.list', ofAgency(owner.agencyId))
  const [project, provisioning, keys, headroom] = await withErrorReference(request, () =>
    Promise.all([
      loadProject({ db, locale, namespace }),
      loadProvisioningStatus({ db, projectId: owner.id, locale }),
      canListKeys ? loadKeys({ db, projectId: owner.id, locale }) : null,
      headroomView(db, { projectId: owner.id }, locale),
    ]),
  )
  if (project === null) throw notFound(request, missing)
  return {
    ...project,
    headroom,
    canRequest: may(principal, 'request.create', ofAgency(owner.agencyId)),
    provisioning,
    keys,
    canIssueKeys: may(principal, 'credentials.issue', ofAgency(owner.agencyId)),
    canRevokeKeys: may(principal, 'credentials.revoke', ofAgency(owner.agencyId)),
    labelMax: LABEL_MAX,
  }
}

/** The S3 key forms. The answer carries a new key's secret once, so nothing may cache it. */
export async function action({ request, params }: ActionFunctionArgs) {
  const { owner, principal } = await requireVisibleProject(request, params.namespace, 'credentials.list')
  const formData = await request.formData()
  const result = await keyAction(request, {
    db: getDb(),
    formData,
    projectId: owner.id,
    agencyId: owner.agencyId,
    principal,
    locale: resolveLocale(request),
  })
  return data(result, { status: result.reply.status === 'error' ? 422 : 200, headers: { 'Cache-Control': 'no-store' } })
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => titleMeta(data?.title, matches)

export default function ProjectDetail() {
  const project = useLoaderData<typeof loader>()
  const keyResult = useActionData<typeof action>()
  const t = useT()
  const base = `/projects/${encodeURIComponent(project.namespace)}`
  // The key form appears once the polled status says the storage is ready, without a reload.
  const [phase, setPhase] = useState(project.provisioning?.phase ?? null)
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
          </>
        )}
        {project.allocation !== null || project.headroom.lines.length > 0 ? (
          <HeadroomTable lines={project.headroom.lines} note={project.headroom.note} t={t} />
        ) : null}
      </section>

      <section aria-labelledby="provisioning">
        <h2 id="provisioning">{t('prov.title')}</h2>
        <ProvisioningStatus
          initial={project.provisioning}
          statusUrl={`${base}/provisioning`}
          t={t}
          onChange={(status) => setPhase(status?.phase ?? null)}
        />
      </section>

      {project.keys !== null ? (
        <section aria-labelledby="s3-keys">
          <h2 id="s3-keys">{t('keys.title')}</h2>
          <S3Keys
            keys={project.keys}
            lastResult={keyResult}
            canIssue={project.canIssueKeys}
            canRevoke={project.canRevokeKeys}
            provisioned={phase === 'ready'}
            labelMax={project.labelMax}
            t={t}
          />
        </section>
      ) : null}

      <section aria-labelledby="requests">
        <h2 id="requests">{t('projects.requests')}</h2>
        {project.requests.length === 0 ? (
          <p className="empty">{t('projects.noRequests')}</p>
        ) : (
          <RequestTable
            requests={project.requests}
            columns={[requestColumns.number, requestColumns.kind, requestColumns.state, requestColumns.submittedAt]}
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
