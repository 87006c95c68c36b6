import { appendAudit, type Origin } from '../audit/log'
import type { Db, Tx } from '../db/client'
import { contentColumns } from '../db/request-rows'
import { checkMayRequest } from '../domain/agency'
import type { DomainError, Result } from '../domain/errors'
import type { RequestContent } from '../domain/quota-request'
import type { ResourceKey } from '../domain/resources'
import { checkRegistrationConfirmed, type RegistrationState } from '../domain/system-registration'
import { checkNotClosing, type ClosureState } from '../domain/project-closure'

type DraftInput = {
  projectId: string
  requesterId: string
  requesterLabel: string
  content: RequestContent
  origin?: Origin
  idempotencyKey?: string
  /**
   * What must commit with the draft or not at all: the form's "submit" (the submission, in the
   * same transaction), so a process killed between the two never leaves a draft nobody meant to
   * keep (faults/web-kill.test.ts).
   */
  alsoInTransaction?: (tx: Tx, draftId: string) => Promise<unknown>
}

/** The draft made, or the one the same form made before (`repeated`). */
type DraftCreated = { id: string; number: number; repeated: boolean }

/** Why no draft was made although the project exists (its agency is archived or merged, it is not confirmed). */
type DraftRefused = { refused: DomainError }

const MAY_REQUEST_COLUMNS = {
  registrationState: true,
  agency: { select: { code: true, status: true } },
  closures: { where: { state: 'approved' }, select: { state: true } },
} as const

/**
 * An archived or merged agency keeps its history but asks for nothing more (decision 0052); a
 * system asks only once a security officer confirmed its level (decision 0055), and no more once
 * its closing was approved (decision 0058).
 */
function mayRequest(project: {
  registrationState: RegistrationState
  agency: { code: string; status: 'active' | 'merged' | 'archived' }
  closures: readonly { state: ClosureState }[]
}): Result<true> {
  const agency = checkMayRequest(project.agency)
  if (!agency.ok) return agency
  const closing = checkNotClosing(project)
  return closing.ok ? checkRegistrationConfirmed(project) : closing
}

/** Whether the project may request now (mayRequest). Null when there is no such project. */
export async function projectMayRequest(db: Db | Tx, projectId: string): Promise<Result<true> | null> {
  const project = await db.project.findUnique({ where: { id: projectId }, select: MAY_REQUEST_COLUMNS })
  return project === null ? null : mayRequest(project)
}

/**
 * A new draft for a project, by an agency user. Content was validated by the caller with the
 * domain's parser in draft mode; the caller also authorised the user for the project's agency.
 */
export async function createDraftRequest(db: Db, input: DraftInput): Promise<DraftCreated | DraftRefused | null> {
  // The same form sent twice (a double click, a retried POST) names the request it already made.
  const earlier = () =>
    input.idempotencyKey
      ? db.quotaRequest.findFirst({
          where: { idempotencyKey: input.idempotencyKey, requestedById: input.requesterId },
          select: { id: true, number: true },
        })
      : Promise.resolve(null)
  const found = await earlier()
  if (found) return { ...found, repeated: true }
  try {
    return await create(db, input)
  } catch (error) {
    const again = (error as { code?: string }).code === 'P2002' ? await earlier() : null
    if (again) return { ...again, repeated: true }
    throw error
  }
}

function create(db: Db, input: DraftInput): Promise<DraftCreated | DraftRefused | null> {
  return db.$transaction(
    async (tx) => {
      const project = await tx.project.findUnique({
        where: { id: input.projectId },
        select: { agencyId: true, ...MAY_REQUEST_COLUMNS },
      })
      if (!project) return null
      const may = mayRequest(project)
      if (!may.ok) return { refused: may.error }
      const { content } = input
      const row = await tx.quotaRequest.create({
        data: {
          projectId: input.projectId,
          agencyId: project.agencyId,
          requestedById: input.requesterId,
          ...contentColumns(content),
          idempotencyKey: input.idempotencyKey ?? null,
          lines: { create: content.lines.map((l) => ({ resource: l.resource, requested: l.amount })) },
        },
        select: { id: true, number: true },
      })
      await appendAudit(tx, {
        actor: { id: input.requesterId, label: input.requesterLabel },
        action: 'request.create',
        entityType: 'QuotaRequest',
        entityId: row.id,
        agencyId: project.agencyId,
        after: { state: 'draft', kind: content.kind, lines: content.lines },
        origin: input.origin,
      })
      // The submission after the entry moves the agency's count rows (a trigger); the entry is
      // written at the transaction's end all the same, so the chain's lock still comes last and an
      // approval holding those rows never waits on a creation holding the chain (decision 0082).
      await input.alsoInTransaction?.(tx, row.id)
      return { ...row, repeated: false }
      // The submission's own limits (actOnRequest's): it may wait behind other decisions' locks.
    },
    { maxWait: 15_000, timeout: 20_000 },
  )
}

/** What a submission is checked against: what the project holds and when its allocation ends. */
export async function submissionContext(
  tx: Tx | Db,
  projectId: string,
): Promise<{ currentAllocation: Map<ResourceKey, bigint>; allocationEndsAt: Date | null; securityLevel?: number }> {
  const [held, allocation, project] = await Promise.all([
    currentAllocation(tx, projectId),
    tx.allocation.findFirst({ where: { projectId, state: 'active' }, select: { endsAt: true } }),
    tx.project.findUnique({ where: { id: projectId }, select: { securityLevel: true } }),
  ])
  return {
    currentAllocation: held,
    allocationEndsAt: allocation?.endsAt ?? null,
    // How often backups may run follows the level (server/domain/backup-schedule.ts).
    ...(project ? { securityLevel: project.securityLevel } : {}),
  }
}

/** What a project holds now, for the submit checks (a `new` request when it holds something…). */
export async function currentAllocation(tx: Tx | Db, projectId: string): Promise<Map<ResourceKey, bigint>> {
  const lines = await tx.allocationLine.findMany({
    where: { allocation: { projectId, state: 'active' } },
    select: { resource: true, amount: true },
  })
  return new Map(lines.map((l) => [l.resource as ResourceKey, l.amount]))
}
