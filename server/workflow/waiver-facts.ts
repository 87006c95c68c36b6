// What the waiver workflow reads around a waiver: its row under lock, its project and agency for
// the notices, and a waiver as the audit trail summarises it.
import type { Tx } from '../db/client'
import type { WaiverNoticeFacts } from '../notifications/waiver-record'
import type { WaiverState } from '../security/waivers'

export const WAIVER_COLUMNS = {
  id: true,
  number: true,
  projectId: true,
  checkId: true,
  subjectKind: true,
  subjectNamespace: true,
  subjectName: true,
  justification: true,
  compensatingControl: true,
  expiresAt: true,
  state: true,
  requestedById: true,
  requestedAt: true,
  decidedById: true,
  decidedAt: true,
  decisionReason: true,
  revokedById: true,
  revokedAt: true,
  revokeReason: true,
  expiryWarnedAt: true,
} as const

export interface WaiverRow {
  readonly id: string
  readonly number: number
  readonly projectId: string
  readonly checkId: string
  readonly subjectKind: string | null
  readonly subjectNamespace: string | null
  readonly subjectName: string | null
  readonly justification: string
  readonly compensatingControl: string
  readonly expiresAt: Date
  readonly state: WaiverState
  readonly requestedById: string
  readonly requestedAt: Date
  readonly decidedById: string | null
  readonly decidedAt: Date | null
  readonly decisionReason: string | null
  readonly revokedById: string | null
  readonly revokedAt: Date | null
  readonly revokeReason: string | null
  readonly expiryWarnedAt: Date | null
}

/** The waiver, locked until the transaction ends (two officers deciding at once: one wins). */
export async function lockWaiver(tx: Tx, waiverId: string): Promise<WaiverRow | null> {
  const locked = await tx.$queryRaw<{ id: string }[]>`
    SELECT "id"::text AS id FROM "SecurityWaiver" WHERE "id" = ${waiverId}::uuid FOR UPDATE`
  if (locked.length === 0) return null
  return tx.securityWaiver.findUnique({ where: { id: waiverId }, select: WAIVER_COLUMNS })
}

/** "Deployment ns/web", or null for a waiver of the whole check. */
export function subjectLabel(waiver: Pick<WaiverRow, 'subjectKind' | 'subjectNamespace' | 'subjectName'>) {
  if (waiver.subjectKind === null) return null
  const where = waiver.subjectNamespace ? `${waiver.subjectNamespace}/` : ''
  return `${waiver.subjectKind} ${where}${waiver.subjectName ?? ''}`
}

/** The project's and agency's names a notice carries. */
export async function noticeFacts(
  tx: Tx,
  waiver: WaiverRow,
  extra: { reason?: string | null; days?: number } = {},
): Promise<WaiverNoticeFacts> {
  const project = await tx.project.findUniqueOrThrow({
    where: { id: waiver.projectId },
    select: { name: true, agencyId: true, agency: { select: { nameVi: true, nameEn: true } } },
  })
  return {
    waiverId: waiver.id,
    waiverNumber: waiver.number,
    requestedById: waiver.requestedById,
    agencyId: project.agencyId,
    checkId: waiver.checkId,
    subject: subjectLabel(waiver),
    expiresAt: waiver.expiresAt,
    reason: extra.reason ?? null,
    ...(extra.days !== undefined ? { days: extra.days } : {}),
    projectName: project.name,
    agencyNameVi: project.agency.nameVi,
    agencyNameEn: project.agency.nameEn,
  }
}

/** The waiver as an audit entry's before/after. */
export function waiverSummary(waiver: WaiverRow) {
  return {
    number: waiver.number,
    state: waiver.state,
    projectId: waiver.projectId,
    checkId: waiver.checkId,
    subject: subjectLabel(waiver),
    expiresAt: waiver.expiresAt.toISOString(),
    requestedBy: waiver.requestedById,
    decidedBy: waiver.decidedById,
    reason: waiver.decisionReason,
    ...(waiver.revokedById ? { revokedBy: waiver.revokedById, revokeReason: waiver.revokeReason } : {}),
  }
}
