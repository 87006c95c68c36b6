// Information systems' registrations as the pages and the API read them (decision 0055): a list
// within the agencies the reader may see, and one system with everything a review needs on one
// page (what it is for, who owns it, the level proposed with its document, the whole history).
import type { Db } from '../db/client'
import type { Prisma } from '../db/generated/client'
import type { LevelReviewState } from '../domain/system-rereview'
import { levelInForce, type RegistrationState } from '../domain/system-registration'

export interface RegistrationStepView {
  readonly round: number
  readonly kind: 'submitted' | 'confirmed' | 'level_set' | 'returned' | 'reopened' | 'refused'
  readonly securityLevel: number | null
  readonly document: { readonly number: string; readonly date: string; readonly issuer: string } | null
  readonly reason: string | null
  readonly actorId: string | null
  readonly actorLabel: string
  readonly at: Date
}

export interface RegistrationView {
  readonly id: string
  readonly namespace: string
  readonly name: string
  readonly purpose: string
  readonly ownerName: string
  readonly processesPersonalData: boolean
  readonly contact: { readonly name: string; readonly email: string; readonly phone: string }
  readonly agency: { readonly id: string; readonly code: string; readonly nameVi: string; readonly nameEn: string }
  readonly state: RegistrationState
  /** Increments with every change of the registration; a change names the version it read (decision 0084). */
  readonly version: number
  /** A confirmed level under re-review (decision 0084), or null. */
  readonly levelReview: LevelReviewState | null
  /** The confirmed level, or null while not confirmed. */
  readonly levelInForce: number | null
  /** The latest proposal (null for systems confirmed before registration existed). */
  readonly proposal: RegistrationStepView | null
  /** Oldest first. */
  readonly history: readonly RegistrationStepView[]
  readonly createdAt: Date
  /** Its closing was approved: nothing new is asked of its registration (server/systems/change.ts). */
  readonly closing: boolean
}

export const STEP_SELECT = {
  round: true,
  kind: true,
  securityLevel: true,
  documentNumber: true,
  documentDate: true,
  documentIssuer: true,
  reason: true,
  actorId: true,
  actorLabel: true,
  at: true,
} as const

const VIEW_SELECT = {
  id: true,
  namespace: true,
  name: true,
  description: true,
  ownerName: true,
  processesPersonalData: true,
  contactName: true,
  contactEmail: true,
  contactPhone: true,
  registrationState: true,
  registrationVersion: true,
  levelReview: true,
  securityLevel: true,
  createdAt: true,
  agency: { select: { id: true, code: true, nameVi: true, nameEn: true } },
  registrationSteps: { select: STEP_SELECT, orderBy: { at: 'asc' } },
  closures: { where: { state: 'approved' }, select: { id: true } },
} satisfies Prisma.ProjectSelect

type Row = Awaited<ReturnType<typeof rowsOf>>[number]
const rowsOf = (db: Db, args: { where: object; take?: number }) =>
  db.project.findMany({ ...args, select: VIEW_SELECT, orderBy: { id: 'asc' } })

function stepView(step: Row['registrationSteps'][number]): RegistrationStepView {
  const document =
    step.documentNumber === null
      ? null
      : {
          number: step.documentNumber,
          date: step.documentDate?.toISOString().slice(0, 10) ?? '',
          issuer: step.documentIssuer ?? '',
        }
  return { ...step, document }
}

function view(row: Row): RegistrationView {
  const history = row.registrationSteps.map(stepView)
  return {
    id: row.id,
    namespace: row.namespace,
    name: row.name,
    purpose: row.description,
    ownerName: row.ownerName,
    processesPersonalData: row.processesPersonalData,
    contact: { name: row.contactName, email: row.contactEmail, phone: row.contactPhone },
    agency: row.agency,
    state: row.registrationState,
    version: row.registrationVersion,
    levelReview: row.levelReview,
    levelInForce: levelInForce(row),
    proposal: history.findLast((step) => step.kind === 'submitted') ?? null,
    history,
    createdAt: row.createdAt,
    closing: row.closures.length > 0,
  }
}

/** One system by its namespace, or null. The caller authorises on `agency.id`. */
export async function registrationOf(db: Db, namespace: string): Promise<RegistrationView | null> {
  const [row] = await rowsOf(db, { where: { namespace } })
  return row === undefined ? null : view(row)
}

export interface RegistrationFilter {
  /** null: every agency (central readers); else exactly these. */
  readonly agencyIds: readonly string[] | null
  readonly states?: readonly RegistrationState[]
  /** What awaits a security officer: pending registrations and proposed changes of level. */
  readonly awaitingReview?: true
  readonly agencyCode?: string
  /** Keyset: the id after which to start. */
  readonly afterId?: string
  readonly limit: number
}

/** Registrations within the reader's agencies, in order of registration (the queue's order: oldest first). */
export async function listRegistrations(db: Db, filter: RegistrationFilter): Promise<RegistrationView[]> {
  const rows = await rowsOf(db, {
    where: {
      AND: [
        filter.agencyIds === null ? {} : { agencyId: { in: [...filter.agencyIds] } },
        filter.states === undefined ? {} : { registrationState: { in: [...filter.states] } },
        filter.awaitingReview ? { OR: [{ registrationState: 'pending' }, { levelReview: 'proposed' }] } : {},
        filter.agencyCode === undefined ? {} : { agency: { code: filter.agencyCode } },
        filter.afterId === undefined ? {} : { id: { gt: filter.afterId } },
      ],
    },
    take: filter.limit,
  })
  return rows.map(view)
}
