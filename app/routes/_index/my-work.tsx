import { Link } from '@remix-run/react'
import { projectPath } from '#app/components/paths'
import { RequestTable, requestColumns } from '#app/components/request-table'
import { DataTable, type Column } from '#app/components/ui/data-table'
import type { Translate } from '#app/utils/i18n'
import { SIGN_OFF_COLUMNS } from '../security.sign-off/sign-off-columns'
import type { loadSignOffWork, loadStaffWork } from './my-work.server'
import { EmptyState } from '#app/components/ui/page-header'

type StaffWork = NonNullable<Awaited<ReturnType<typeof loadStaffWork>>>
type System = StaffWork['systems'][number]
type SignOffWork = Awaited<ReturnType<typeof loadSignOffWork>>

const systemColumns: readonly Column<System>[] = [
  { header: 'projects.name', cell: (s) => <Link to={projectPath(s.namespace)}>{s.name}</Link> },
  {
    header: 'dashboard.nextStep',
    cell: (s, t) => {
      const action = t(s.kind === 'increase' ? 'dashboard.requestMore' : 'dashboard.requestFirst')
      // The name read out says which system; it starts with the words shown (WCAG 2.5.3).
      return (
        <Link
          to={`${projectPath(s.namespace)}/requests/new?kind=${s.kind}`}
          aria-label={t('dashboard.requestMoreFor', { action, name: s.name })}
        >
          {action}
        </Link>
      )
    },
  },
]

/**
 * Agency staff's work from the home page: each of their systems leading straight to its request
 * form, and where their open requests stand.
 */
export function StaffWorkSections({ work, t }: { work: StaffWork; t: Translate }) {
  return (
    <>
      <section aria-labelledby="my-systems">
        <h2 id="my-systems">{t('dashboard.mySystems')}</h2>
        {work.systems.length === 0 ? (
          <EmptyState>{t('projects.empty')}</EmptyState>
        ) : (
          <DataTable rows={work.systems} rowKey={(s) => s.namespace} columns={systemColumns} t={t} />
        )}
        <p>
          <Link to="/projects">{t('dashboard.allSystems')}</Link>
        </p>
      </section>
      <section aria-labelledby="open-requests">
        <h2 id="open-requests">{t('dashboard.openRequests')}</h2>
        {work.open.length === 0 ? (
          <EmptyState>{t('dashboard.openRequestsEmpty')}</EmptyState>
        ) : (
          <RequestTable
            requests={work.open}
            columns={[
              requestColumns.number,
              requestColumns.project,
              requestColumns.kind,
              requestColumns.state,
              requestColumns.submittedAt,
            ]}
            t={t}
          />
        )}
        <p>
          <Link to="/requests">{t('dashboard.allRequests')}</Link>
        </p>
      </section>
    </>
  )
}

/** A security officer's work from the home page: the requests waiting for their sign-off. */
export function SignOffSection({ work, t }: { work: SignOffWork; t: Translate }) {
  return (
    <section aria-labelledby="sign-off-waiting">
      <h2 id="sign-off-waiting">{t('dashboard.signOffWaiting')}</h2>
      {work.items.length === 0 ? (
        <EmptyState>{t('security.signOff.none')}</EmptyState>
      ) : (
        <DataTable rows={work.items} rowKey={(r) => r.number} columns={SIGN_OFF_COLUMNS} t={t} />
      )}
      {work.more ? (
        <p>
          <Link to="/security/sign-off">{t('dashboard.allSignOffs')}</Link>
        </p>
      ) : null}
    </section>
  )
}
