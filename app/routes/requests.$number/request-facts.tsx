import { Link } from '@remix-run/react'
import { agencyPath, projectPath } from '#app/components/paths'
import { Fact } from '#app/components/ui/fact'
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
  const fact = (label: string, value: string | null) => <Fact label={label}>{value ?? t('common.none')}</Fact>
  return (
    <dl className="facts">
      <Fact label={t('requests.project')}>
        <Link to={projectPath(request.project.namespace)}>{request.project.name}</Link>
      </Fact>
      <Fact label={t('requests.agency')}>
        <Link to={agencyPath(request.agency.code)}>{request.agency.name}</Link>
      </Fact>
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
