import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { projectPath } from '#app/components/paths'
import { ProvisioningStatus } from '#app/components/provisioning-status'
import { RequestTable, requestColumns } from '#app/components/request-table'
import { S3Keys } from '#app/components/s3-keys'
import { useProvisioningStatus } from '#app/components/use-provisioning-status'
import { EmptyState, PageHeader } from '#app/components/ui/page-header'
import { RouteErrorBoundary } from '#app/components/ui/route-error-boundary'
import { may, ofAgency } from '#app/utils/auth.server'
import { getDb } from '#app/utils/db.server'
import { notFound, withErrorReference } from '#app/utils/errors.server'
import { headroomView } from '#app/utils/headroom.server'
import { resolveLocale } from '#app/utils/i18n.server'
import { useT } from '#app/utils/i18n'
import { titleMeta } from '#app/utils/meta'
import { requireVisibleProject } from './access.server'
import { AllocationSection } from './allocation-section'
import { AlertsSection } from './alerts-section'
import { loadAlerts } from './alerts.server'
import { LABEL_MAX, keyAction, loadKeys } from './keys.server'
import { FindingsSection } from './findings-section'
import { loadProjectFindings } from './findings.server'
import { ProjectFacts } from './project-facts'
import { loadProject } from './project.server'
import { loadProvisioningStatus } from './provisioning.server'
import { readForm } from '#app/utils/form.server'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { owner, principal, namespace, missing } = await requireVisibleProject(request, params.namespace)
  const locale = resolveLocale(request)
  const db = getDb()
  const canListKeys = may(principal, 'credentials.list', ofAgency(owner.agencyId))
  // Findings and waivers as the security review reads them: not the operators' (findings.read).
  const canReadFindings =
    may(principal, 'findings.read', ofAgency(owner.agencyId)) && may(principal, 'waiver.read', ofAgency(owner.agencyId))
  const [project, provisioning, keys, headroom, security, alerts] = await withErrorReference(request, () =>
    Promise.all([
      loadProject({ db, locale, namespace }),
      loadProvisioningStatus({
        db,
        projectId: owner.id,
        locale,
        platformDetail: may(principal, 'provisioning.detail', ofAgency(owner.agencyId)),
      }),
      canListKeys ? loadKeys({ db, projectId: owner.id, locale }) : null,
      headroomView(db, { projectId: owner.id }, locale),
      canReadFindings ? loadProjectFindings(db, { projectId: owner.id, locale }) : null,
      loadAlerts(db, owner.id, locale),
    ]),
  )
  if (project === null) throw notFound(request, missing)
  return {
    ...project,
    headroom,
    alerts,
    canRequest: may(principal, 'request.create', ofAgency(owner.agencyId)),
    provisioning,
    keys,
    canIssueKeys: may(principal, 'credentials.issue', ofAgency(owner.agencyId)),
    canRevokeKeys: may(principal, 'credentials.revoke', ofAgency(owner.agencyId)),
    labelMax: LABEL_MAX,
    security,
    canRequestWaiver: may(principal, 'waiver.request', ofAgency(owner.agencyId)),
  }
}

/** The S3 key forms. The answer carries a new key's secret once, so nothing may cache it. */
export async function action({ request, params }: ActionFunctionArgs) {
  const { owner, principal } = await requireVisibleProject(request, params.namespace, 'credentials.list')
  const formData = await readForm(request)
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
  // Live while provisioning runs; the key form appears once the storage is ready, without a reload.
  const provisioning = useProvisioningStatus(project.provisioning, `${projectPath(project.namespace)}/provisioning`)
  return (
    <>
      <PageHeader title={project.name} intro={project.description || undefined}>
        {project.canRequest ? (
          <p>
            <Link to={`${projectPath(project.namespace)}/requests/new`} className="button">
              {t('workflow.newRequest')}
            </Link>
          </p>
        ) : null}
      </PageHeader>

      <ProjectFacts project={project} t={t} />
      <AllocationSection allocation={project.allocation} headroom={project.headroom} t={t} />
      <p>
        <Link to={`${projectPath(project.namespace)}/usage`}>{t('usage.link')}</Link>
        {' · '}
        <Link to={`${projectPath(project.namespace)}/closing`}>{t('closing.link')}</Link>
      </p>
      <p>
        <Link to={`${projectPath(project.namespace)}/backups`}>{t('backups.link')}</Link>
      </p>
      <AlertsSection alerts={project.alerts} t={t} />

      <section aria-labelledby="provisioning">
        <h2 id="provisioning">{t('prov.title')}</h2>
        <ProvisioningStatus status={provisioning} t={t} />
      </section>

      {project.keys !== null ? (
        <section aria-labelledby="s3-keys">
          <h2 id="s3-keys">{t('keys.title')}</h2>
          <S3Keys
            keys={project.keys}
            lastResult={keyResult}
            canIssue={project.canIssueKeys}
            canRevoke={project.canRevokeKeys}
            provisioned={provisioning?.phase === 'ready'}
            labelMax={project.labelMax}
            t={t}
          />
        </section>
      ) : null}

      {project.security !== null ? (
        <FindingsSection
          namespace={project.namespace}
          findings={project.security.findings}
          checks={project.security.checks}
          waivers={project.security.waivers}
          canRequest={project.canRequestWaiver}
          t={t}
        />
      ) : null}

      <section aria-labelledby="requests">
        <h2 id="requests">{t('projects.requests')}</h2>
        {project.requests.length === 0 ? (
          <EmptyState>{t('projects.noRequests')}</EmptyState>
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
