import { Link } from '@remix-run/react'
import { agencyPath, projectPath } from '#app/components/paths'
import type { Translate } from '#app/utils/i18n'

/** Whose request it is, what kind, who asked, and when each step happened. */
export function RequestFacts({
  request,
  t,
}: {
  request: {
    project: { name: string; namespace: string }
    agency: { code: string; name: string }
    kind: string
    requestedBy: string
    createdAt: string | null
    submittedAt: string | null
    decidedAt: string | null
    endsAt: string | null
    backup: string | null
  }
  t: Translate
}) {
  const fact = (label: string, value: string | null) => (
    <div>
      <dt>{label}</dt>
      <dd>{value ?? t('common.none')}</dd>
    </div>
  )
  return (
    <dl className="facts">
      <div>
        <dt>{t('requests.project')}</dt>
        <dd>
          <Link to={projectPath(request.project.namespace)}>{request.project.name}</Link>
        </dd>
      </div>
      <div>
        <dt>{t('requests.agency')}</dt>
        <dd>
          <Link to={agencyPath(request.agency.code)}>{request.agency.name}</Link>
        </dd>
      </div>
      {fact(t('requests.kind'), request.kind)}
      {fact(t('requests.requestedBy'), request.requestedBy)}
      {fact(t('requests.createdAt'), request.createdAt)}
      {fact(t('requests.submittedAt'), request.submittedAt)}
      {fact(t('requests.decidedAt'), request.decidedAt)}
      {fact(t('requests.endsAt'), request.endsAt)}
      {request.backup ? fact(t('requests.backup'), request.backup) : null}
    </dl>
  )
}
