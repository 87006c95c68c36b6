// Requesting a waiver (issue 13, decision 0041): for one open finding of a project (its subject
// only) or for a whole check on the project. The severity that bounds its expiry is the finding's,
// or the check's at the project's level. One transaction: the row, the officers' notices, the
// audit entry. The caller has authorised `waiver.request` on the project's agency.
import { appendAudit, type Origin } from '../audit/log'
import type { Db, Tx } from '../db/client'
import { notifyWaiverEvent } from '../notifications/waiver-record'
import { checkById, ruleAt, type Severity } from '../security/catalogue'
import { validateSecurityLevel } from '../domain/project'
import { validateWaiverRequest, waiverError, type WaiverError, type WaiverRequestInput } from '../security/waivers'
import { WAIVER_COLUMNS, noticeFacts, waiverSummary, type WaiverRow } from './waiver-facts'

/** What is waived: one open finding (its check, for its subject) or a whole check on the project. */
export type WaiverTarget = { readonly findingId: string } | { readonly checkId: string }

export interface RequestWaiverInput {
  readonly projectId: string
  readonly target: WaiverTarget
  /** The form's or the API's fields, validated here. */
  readonly fields: unknown
  readonly actor: { readonly id: string; readonly label: string }
  readonly origin?: Origin
  readonly now?: Date
}

export type RequestWaiverResult =
  { readonly ok: true; readonly waiver: WaiverRow } | { readonly ok: false; readonly errors: readonly WaiverError[] }

export interface Target {
  readonly checkId: string
  readonly severity: Severity
  readonly subject: { kind: string; namespace: string; name: string } | null
}

/** The finding or check, as this project's: its severity, or why it cannot be waived (also for the form). */
export async function resolveTarget(
  tx: Tx | Db,
  project: { id: string; securityLevel: number },
  target: WaiverTarget,
): Promise<Target | WaiverError> {
  if ('findingId' in target) {
    const finding = await tx.securityFinding.findFirst({
      where: { id: target.findingId, projectId: project.id, resolvedAt: null },
      select: { checkId: true, severity: true, subjectKind: true, subjectNamespace: true, subjectName: true },
    })
    if (!finding) return waiverError('waiver.finding_not_open', {}, 'target')
    return {
      checkId: finding.checkId,
      severity: finding.severity,
      subject: { kind: finding.subjectKind, namespace: finding.subjectNamespace, name: finding.subjectName },
    }
  }
  const check = checkById(target.checkId)
  if (!check) return waiverError('waiver.check_unknown', { check: target.checkId.slice(0, 40) }, 'target')
  if (check.subject === 'platform') return waiverError('waiver.check_platform', { check: check.id }, 'target')
  const level = validateSecurityLevel(project.securityLevel)
  const rule = level.ok ? ruleAt(check, level.value) : null
  if (!rule)
    return waiverError('waiver.check_not_at_level', { check: check.id, level: project.securityLevel }, 'target')
  return { checkId: check.id, severity: rule.severity, subject: null }
}

export async function requestWaiver(db: Db, input: RequestWaiverInput): Promise<RequestWaiverResult | null> {
  const now = input.now ?? new Date()
  return db.$transaction(async (tx) => {
    // One request at a time per project: the duplicate check below must see the other's row.
    const projects = await tx.$queryRaw<{ id: string; agencyId: string; securityLevel: number }[]>`
      SELECT "id"::text AS id, "agencyId"::text AS "agencyId", "securityLevel"
        FROM "Project" WHERE "id" = ${input.projectId}::uuid FOR UPDATE`
    const project = projects[0]
    if (!project) return null
    const target = await resolveTarget(tx, project, input.target)
    if ('code' in target) return { ok: false, errors: [target] }
    const valid = validateWaiverRequest(input.fields, { severity: target.severity, now })
    if (!valid.ok) return { ok: false, errors: valid.errors }
    if (await liveWaiverOf(tx, project.id, target, now))
      return { ok: false, errors: [waiverError('waiver.duplicate', {}, 'target')] }
    const waiver = await insertWaiver(tx, project.id, target, valid.value, input.actor.id, now)
    await notifyWaiverEvent(tx, { event: 'request', actorId: input.actor.id, facts: await noticeFacts(tx, waiver) })
    await appendAudit(tx, {
      actor: input.actor,
      action: 'waiver.request',
      entityType: 'SecurityWaiver',
      entityId: waiver.id,
      agencyId: project.agencyId,
      after: { ...waiverSummary(waiver), severity: target.severity },
      origin: input.origin,
    })
    return { ok: true, waiver }
  })
}

/** A waiver of the same thing still asked for or in force (an approved one not yet past its expiry). */
async function liveWaiverOf(tx: Tx, projectId: string, target: Target, now: Date): Promise<boolean> {
  const found = await tx.securityWaiver.findFirst({
    where: {
      projectId,
      checkId: target.checkId,
      OR: [{ state: 'requested' }, { state: 'approved', expiresAt: { gt: now } }],
      subjectKind: target.subject?.kind ?? null,
      subjectNamespace: target.subject?.namespace ?? null,
      subjectName: target.subject?.name ?? null,
    },
    select: { id: true },
  })
  return found !== null
}

function insertWaiver(
  tx: Tx,
  projectId: string,
  target: Target,
  fields: WaiverRequestInput,
  requestedById: string,
  now: Date,
): Promise<WaiverRow> {
  return tx.securityWaiver.create({
    data: {
      projectId,
      checkId: target.checkId,
      subjectKind: target.subject?.kind ?? null,
      subjectNamespace: target.subject?.namespace ?? null,
      subjectName: target.subject?.name ?? null,
      justification: fields.justification,
      compensatingControl: fields.compensatingControl,
      expiresAt: fields.expiresAt,
      requestedById,
      requestedAt: now,
    },
    select: WAIVER_COLUMNS,
  })
}
