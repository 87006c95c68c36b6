import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { Chart } from '#app/components/chart'
import { agencyPath } from '#app/components/paths'
import { ProjectTable, projectColumns } from '#app/components/project-table'
import { HeadroomTable } from '#app/components/headroom-table'
import { Badge } from '#app/components/ui/badge'
import { EmptyState, PageHeader } from '#app/components/ui/page-header'
import { RouteErrorBoundary } from '#app/components/ui/route-error-boundary'
import { may, ofAgency, requireVisibleObject } from '#app/utils/auth.server'
import { getDb } from '#app/utils/db.server'
import { notFound, withErrorReference } from '#app/utils/errors.server'
import { headroomView } from '#app/utils/headroom.server'
import { resolveLocale } from '#app/utils/i18n.server'
import { useT } from '#app/utils/i18n'
import { titleMeta } from '#app/utils/meta'
import { AgencyFacts } from './agency-facts'
import { BudgetSection } from './budget-section'
import { loadBudget, setBudgetFromForm } from './budget.server'
import { agencyCostChart } from './costs.server'
import { AgencyCode, findAgencyId, kubeconfigOffer, loadAgency } from './agency.server'
import { RelatedAgencies } from './related-agencies'

/** The agency of the URL, if the signed-in person may see it (another agency's is "not found"). */
async function visibleAgency(request: Request, params: LoaderFunctionArgs['params']) {
  const code = AgencyCode.safeParse(params.code)
  const missing = { key: 'agencies.notFound', params: { code: String(params.code ?? '') } } as const
  const visible = await requireVisibleObject(request, 'agency.read', {
    type: 'Agency',
    missing,
    find: async () => {
      if (!code.success) return null
      const id = await findAgencyId({ db: getDb(), code: code.data })
      return id === null ? null : { id, agencyId: id, code: code.data }
    },
  })
  return { ...visible, missing }
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { found, principal, missing } = await visibleAgency(request, params)
  const agencyId = found.id
  const locale = resolveLocale(request)
  const [agency, headroom] = await withErrorReference(request, () =>
    Promise.all([loadAgency({ db: getDb(), locale, code: found.code }), headroomView(getDb(), { agencyId }, locale)]),
  )
  if (agency === null) throw notFound(request, missing)
  // Only the agency's own staff are offered its kubeconfig, and only once a namespace exists.
  const kubeconfig = may(principal, 'kubeconfig.download', ofAgency(agencyId))
    ? await withErrorReference(request, () => kubeconfigOffer({ db: getDb(), agencyId }))
    : null
  // Cost is the statements' (statement.read): the agency's staff, operators and administrators.
  const costs = may(principal, 'statement.read', ofAgency(agencyId))
    ? await withErrorReference(request, () => agencyCostChart(getDb(), agencyId, locale))
    : null
  const budget = await withErrorReference(request, () => loadBudget(principal, agencyId, locale))
  return { ...agency, headroom, kubeconfig, budget, costs }
}

/** A new version of the agency's budget (budget.manage): 409 when another version came in between. */
export async function action({ request, params }: ActionFunctionArgs) {
  const { found } = await visibleAgency(request, params)
  const { status, ...outcome } = await setBudgetFromForm(request, found.id)
  return data(outcome, { status })
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => titleMeta(data?.title, matches)

export default function AgencyDetail() {
  const agency = useLoaderData<typeof loader>()
  const outcome = useActionData<typeof action>()
  const t = useT()
  return (
    <>
      <PageHeader title={agency.name}>
        <p>
          <Badge tone={agency.status === 'active' ? 'success' : 'neutral'}>{agency.statusLabel}</Badge>{' '}
          {agency.mergedInto ? <Link to={agencyPath(agency.mergedInto.code)}>{agency.mergedInto.text}</Link> : null}
        </p>
      </PageHeader>

      <AgencyFacts agency={agency} t={t} />
      <RelatedAgencies id="children" title={t('agencies.children')} agencies={agency.children} />
      <RelatedAgencies id="merged-from" title={t('agencies.mergedFrom')} agencies={agency.mergedFrom} />

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

      {agency.budget ? <BudgetSection budget={agency.budget} outcome={outcome} t={t} /> : null}
      {agency.costs ? (
        <section aria-labelledby="costs">
          <h2 id="costs">{t('costs.title')}</h2>
          <p>{t('costs.intro')}</p>
          {agency.costs.chart ? (
            <Chart chart={agency.costs.chart} t={t} />
          ) : (
            <EmptyState>{t('costs.empty')}</EmptyState>
          )}
          {agency.costs.hasBudget ? null : <p className="muted">{t('costs.noBudget')}</p>}
          <p>
            <a href={`${agencyPath(agency.code)}/costs.csv`} download>
              {t('costs.csv')}
            </a>
          </p>
        </section>
      ) : null}

      <section aria-labelledby="projects">
        <h2 id="projects">{t('agencies.projects')}</h2>
        {agency.projects.length === 0 ? (
          <EmptyState>{t('agencies.noProjects')}</EmptyState>
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
