import { Link } from '@remix-run/react'
import { agencyPath } from '#app/components/paths'
import { Fact } from '#app/components/ui/fact'
import type { Translate } from '#app/utils/i18n'

/** Who owns the project, where it runs, how sensitive it is, and whom to contact. */
export function ProjectFacts({
  project,
  t,
}: {
  project: {
    agency: { code: string; name: string }
    namespace: string
    slug: string
    securityLevel: string
    personalData: string
    contact: { name: string; email: string; phone: string | null }
  }
  t: Translate
}) {
  return (
    <dl className="facts">
      <Fact label={t('projects.agency')}>
        <Link to={agencyPath(project.agency.code)}>{project.agency.name}</Link>
      </Fact>
      <Fact label={t('projects.namespace')}>
        <code>{project.namespace}</code>
      </Fact>
      <Fact label={t('projects.slug')}>
        <code>{project.slug}</code>
      </Fact>
      <Fact label={t('projects.securityLevel')}>
        {project.securityLevel} <span className="muted small">({t('projects.securityLevelHint')})</span>
      </Fact>
      <Fact label={t('projects.personalData')}>{project.personalData}</Fact>
      <Fact label={t('projects.contact')}>
        {project.contact.name}
        <br />
        <a href={`mailto:${project.contact.email}`}>{project.contact.email}</a>
        {project.contact.phone ? (
          <>
            <br />
            {project.contact.phone}
          </>
        ) : null}
      </Fact>
    </dl>
  )
}
