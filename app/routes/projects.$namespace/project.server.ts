import { z } from 'zod'
import type { Db } from '#server/db/client'
import { PROJECT_COLUMNS } from '#server/db/columns'
import { agencyName, formatOptionalDate } from '#app/utils/labels.server'
import { translate, type Locale } from '#app/utils/i18n.server'

/** A namespace is a DNS label; anything else cannot name a project. */
export const Namespace = z.string().regex(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/)

/** The project's agency, to authorise before loading anything else. */
export async function findProjectAgency({ db, namespace }: { db: Db; namespace: string }) {
  return db.project.findUnique({ where: { namespace }, select: { id: true, agencyId: true } })
}

export async function loadProject({ db, locale, namespace }: { db: Db; locale: Locale; namespace: string }) {
  const project = await db.project.findUnique({
    where: { namespace },
    select: {
      ...PROJECT_COLUMNS,
      agency: { select: { code: true, nameVi: true, nameEn: true } },
      allocation: {
        select: {
          state: true,
          endsAt: true,
          backupSchedule: true,
          backupRetentionDays: true,
        },
      },
      requests: {
        select: { number: true, kind: true, state: true, submittedAt: true },
        orderBy: { number: 'desc' },
      },
    },
  })
  if (project === null) return null

  const allocation = project.allocation
  return {
    title: project.name,
    name: project.name,
    slug: project.slug,
    namespace: project.namespace,
    description: project.description,
    agency: { code: project.agency.code, name: agencyName(project.agency, locale) },
    securityLevel: translate(locale, 'projects.securityLevelValue', { level: project.securityLevel }),
    personalData: translate(locale, project.processesPersonalData ? 'common.yes' : 'common.no'),
    contact: { name: project.contactName, email: project.contactEmail, phone: project.contactPhone },
    allocation: allocation
      ? {
          state: allocation.state,
          stateLabel: translate(locale, `allocation.state.${allocation.state}`),
          endsAt: formatOptionalDate(allocation.endsAt, locale),
          backup:
            allocation.backupSchedule !== null && allocation.backupRetentionDays !== null
              ? translate(locale, 'projects.backup', {
                  schedule: allocation.backupSchedule,
                  days: allocation.backupRetentionDays,
                })
              : null,
        }
      : null,
    requests: project.requests.map((request) => ({
      number: request.number,
      kind: translate(locale, `request.kind.${request.kind}`),
      state: request.state,
      stateLabel: translate(locale, `request.state.${request.state}`),
      submittedAt: formatOptionalDate(request.submittedAt, locale),
    })),
  }
}
