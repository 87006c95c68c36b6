import type { Db } from '#server/db/client'
import type { Principal } from '#server/identity/principal'
import { may, ofAgency, requireVisibleObject, type Action } from '#app/utils/auth.server'
import { getDb } from '#app/utils/db.server'
import { formatDateTime, type Locale } from '#app/utils/i18n.server'
import {
  findingRow,
  namesOf,
  projectsOf,
  waiverActionsFor,
  waiverRowOf,
  type PersonAction,
} from '#app/utils/waivers.server'

// A waiver's page: who may see it (waiver.read on its project's agency; another agency's staff
// get the 404 a missing waiver gets), what it covers now, and what this person may do with it.

export const missingWaiver = (number: string | undefined) =>
  ({ key: 'waiver.detail.notFound', params: { number: String(number ?? '').slice(0, 20) } }) as const

/** The permission each action needs; the rules (waivers.ts) then say whether this person may, on this waiver. */
export const WAIVER_ACTION_PERMISSION: Readonly<Record<PersonAction, Action>> = {
  approve: 'waiver.decide',
  reject: 'waiver.decide',
  revoke: 'waiver.revoke',
  withdraw: 'waiver.withdraw',
}

export async function requireVisibleWaiver(
  request: Request,
  number: string | undefined,
  action: Action = 'waiver.read',
) {
  const { found, principal } = await requireVisibleObject(request, action, {
    type: 'SecurityWaiver',
    missing: missingWaiver(number),
    find: async () => {
      if (!/^\d{1,9}$/.test(String(number ?? ''))) return null
      const db = getDb()
      const waiver = await db.securityWaiver.findUnique({ where: { number: Number(number) } })
      if (!waiver) return null
      const project = await db.project.findUniqueOrThrow({
        where: { id: waiver.projectId },
        select: { agencyId: true },
      })
      return { ...waiver, agencyId: project.agencyId }
    },
  })
  return { waiver: found, principal }
}

type Waiver = Awaited<ReturnType<typeof requireVisibleWaiver>>['waiver']

export async function loadWaiverPage(db: Db, waiver: Waiver, principal: Principal, locale: Locale) {
  const now = new Date()
  const people = [waiver.requestedById, waiver.decidedById, waiver.revokedById].filter((id): id is string => !!id)
  const [names, projects, findings] = await Promise.all([
    namesOf(db, people),
    projectsOf(db, [waiver.projectId], locale),
    db.securityFinding.findMany({
      where: {
        projectId: waiver.projectId,
        checkId: waiver.checkId,
        resolvedAt: null,
        ...(waiver.subjectKind !== null
          ? {
              subjectKind: waiver.subjectKind,
              subjectNamespace: waiver.subjectNamespace ?? '',
              subjectName: waiver.subjectName ?? '',
            }
          : {}),
      },
      orderBy: { firstSeenAt: 'asc' },
      take: 200,
    }),
  ])
  const actor = { id: principal.userId, roles: principal.roles }
  const resource = ofAgency(waiver.agencyId)
  const actions = waiverActionsFor(waiver, actor, now).filter((a) =>
    may(principal, WAIVER_ACTION_PERMISSION[a], resource),
  )
  const who = (id: string | null, at: Date | null) =>
    id && at ? { name: names.get(id) ?? id, at: formatDateTime(at, locale) } : null
  return {
    ...waiverRowOf(waiver, names, locale),
    project: projects.get(waiver.projectId) ?? null,
    justification: waiver.justification,
    compensatingControl: waiver.compensatingControl,
    decided: who(waiver.decidedById, waiver.decidedAt),
    decisionReason: waiver.decisionReason,
    revoked: who(waiver.revokedById, waiver.revokedAt),
    revokeReason: waiver.revokeReason,
    findings: findings.map((f) => findingRow(f, [waiver], { locale, now })),
    actions,
    // An officer looking at their own request: say why there is nothing to decide.
    ownRequest:
      waiver.state === 'requested' &&
      waiver.requestedById === principal.userId &&
      may(principal, 'waiver.decide', resource),
  }
}
