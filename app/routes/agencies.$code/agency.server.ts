import { z } from 'zod'
import type { Db } from '#server/db/client'
import { agencyKindLabel, agencyName } from '#app/utils/labels.server'
import { translate, type Locale } from '#app/utils/i18n.server'
import { getEnv } from '#app/utils/env.server'
import { agencyKubeconfigSettings, provisionedNamespaces } from '#server/provisioning/agency-kubeconfig'

/** Agency codes are lowercase ASCII slugs (server/domain/agency.ts); anything else cannot exist. */
export const AgencyCode = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/)

/** The agency's id, to authorise before loading anything else. */
export async function findAgencyId({ db, code }: { db: Db; code: string }): Promise<string | null> {
  const row = await db.agency.findUnique({ where: { code }, select: { id: true } })
  return row?.id ?? null
}

export async function loadAgency({ db, locale, code }: { db: Db; locale: Locale; code: string }) {
  const agency = await db.agency.findUnique({
    where: { code },
    select: {
      code: true,
      nameVi: true,
      nameEn: true,
      kind: true,
      status: true,
      parent: { select: { code: true, nameVi: true, nameEn: true } },
      mergedInto: { select: { code: true, nameVi: true, nameEn: true } },
      mergedFrom: { select: { code: true, nameVi: true, nameEn: true }, orderBy: { code: 'asc' } },
      children: { select: { code: true, nameVi: true, nameEn: true, status: true }, orderBy: { code: 'asc' } },
      projects: {
        select: { name: true, namespace: true, securityLevel: true, processesPersonalData: true },
        orderBy: { name: 'asc' },
      },
    },
  })
  if (agency === null) return null

  const link = (other: { code: string; nameVi: string; nameEn: string }) => ({
    code: other.code,
    name: agencyName(other, locale),
  })
  const name = agencyName(agency, locale)
  return {
    title: name,
    code: agency.code,
    name,
    nameVi: agency.nameVi,
    nameEn: agency.nameEn,
    kind: agencyKindLabel(agency.kind, locale),
    status: agency.status,
    statusLabel: translate(locale, `agency.status.${agency.status}`),
    parent: agency.parent ? link(agency.parent) : null,
    mergedInto: agency.mergedInto
      ? {
          code: agency.mergedInto.code,
          text: translate(locale, 'agencies.mergedInto', { name: agencyName(agency.mergedInto, locale) }),
        }
      : null,
    mergedFrom: agency.mergedFrom.map(link),
    children: agency.children.map((child) => ({
      ...link(child),
      statusLabel: translate(locale, `agency.status.${child.status}`),
    })),
    projects: agency.projects.map((project) => ({
      name: project.name,
      namespace: project.namespace,
      securityLevel: translate(locale, 'projects.securityLevelValue', { level: project.securityLevel }),
      personalData: translate(locale, project.processesPersonalData ? 'common.yes' : 'common.no'),
    })),
  }
}

/** Whether the console can hand out the agency's kubeconfig: configured, and a namespace exists. */
export async function kubeconfigOffer({
  db,
  agencyId,
}: {
  db: Db
  agencyId: string
}): Promise<{ namespaces: number } | null> {
  if (agencyKubeconfigSettings(getEnv()) === null) return null
  const namespaces = await provisionedNamespaces(db, agencyId)
  return namespaces.length > 0 ? { namespaces: namespaces.length } : null
}
