import { Link } from '@remix-run/react'
import { agencyPath } from '#app/components/paths'
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
      <div>
        <dt>{t('projects.agency')}</dt>
        <dd>
          <Link to={agencyPath(project.agency.code)}>{project.agency.name}</Link>
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
  )
}
