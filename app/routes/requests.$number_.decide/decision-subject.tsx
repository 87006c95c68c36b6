import { Link } from '@remix-run/react'
import { agencyPath, projectPath } from '#app/components/paths'
import { DataTable, type Column } from '#app/components/ui/data-table'
import { Fact } from '#app/components/ui/fact'
import type { Translate } from '#app/utils/i18n'

type Change = { resource: string; label: string; before: string; after: string }

type Subject = {
  kind: string
  project: { name: string; namespace: string }
  agency: { code: string; name: string }
  requestedBy: string
  submittedAt: string | null
  justification: string
  securityLevel: string
  personalData: string
  changes: readonly Change[] | null
}

const changeColumns: readonly Column<Change>[] = [
  { header: 'requests.resource', cell: (change) => change.label },
  { header: 'workflow.changeBefore', numeric: true, cell: (change) => change.before },
  { header: 'workflow.changeAfter', numeric: true, cell: (change) => change.after },
]

/**
 * What the reviewer decides on, before anything else on the page: whose system, how sensitive, why
 * they ask, and what they changed since it was returned (the amounts are in the tables below).
 */
export function DecisionSubject({ subject, t }: { subject: Subject; t: Translate }) {
  return (
    <section aria-labelledby="subject">
      <h2 id="subject">{t('workflow.subject')}</h2>
      <dl className="facts">
        <Fact label={t('requests.project')}>
          <Link to={projectPath(subject.project.namespace)}>{subject.project.name}</Link>
        </Fact>
        <Fact label={t('requests.agency')}>
          <Link to={agencyPath(subject.agency.code)}>{subject.agency.name}</Link>
        </Fact>
        <Fact label={t('projects.securityLevel')}>
          {subject.securityLevel} <span className="muted small">({t('projects.securityLevelHint')})</span>
        </Fact>
        <Fact label={t('projects.personalData')}>{subject.personalData}</Fact>
        <Fact label={t('requests.kind')}>{subject.kind}</Fact>
        <Fact label={t('requests.requestedBy')}>{subject.requestedBy}</Fact>
        <Fact label={t('requests.submittedAt')}>{subject.submittedAt ?? t('common.none')}</Fact>
      </dl>
      <h3>{t('requests.justification')}</h3>
      <p className="prose">{subject.justification || t('common.none')}</p>
      {subject.changes === null ? null : (
        <>
          <h3>{t('workflow.changes')}</h3>
          {subject.changes.length === 0 ? (
            <p>{t('workflow.changesNone')}</p>
          ) : (
            <DataTable rows={subject.changes} rowKey={(change) => change.resource} columns={changeColumns} t={t} />
          )}
        </>
      )}
    </section>
  )
}
