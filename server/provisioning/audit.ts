// What the reconciler writes to the audit log, as the system actor: drift it found and repaired,
// and every deletion of an ended allocation's namespace, buckets and identity.
import { appendAudit, recordAudit } from '../audit/log'
import type { Db } from '../db/client'
import type { DriftItem } from './pass-result'
import type { PlatformError } from '../platform/errors'

export const SYSTEM_ACTOR = {
  id: 'system:provisioning',
  label: 'Hệ thống cấp phát (provisioning)',
  roles: ['system' as const],
}
const actor = { id: SYSTEM_ACTOR.id, label: SYSTEM_ACTOR.label }

export async function auditDriftRepaired(
  db: Db,
  project: { projectId: string; namespace: string },
  pass: { drift: readonly DriftItem[]; error: PlatformError | null },
): Promise<void> {
  await recordAudit(db, {
    actor,
    action: 'provisioning.drift_repaired',
    entityType: 'Project',
    entityId: project.projectId,
    agencyId: await agencyIdOf(db, project.projectId),
    outcome: pass.error ? 'failed' : 'ok',
    before: { drift: pass.drift },
    after: { repaired: pass.error === null, namespace: project.namespace },
  })
}

/** One deletion (`target`: `Kind/name`), recorded against the project and its agency. */
export const auditDeletion = auditProjectEvent

/** One thing the system did to a project (`target`: `Kind/name`), recorded against it and its agency. */
export async function auditProjectEvent(
  db: Db,
  projectId: string,
  action: string,
  target: string,
  after: Record<string, unknown>,
): Promise<void> {
  await db.$transaction(async (tx) => {
    const project = await tx.project.findUnique({ where: { id: projectId }, select: { agencyId: true } })
    await appendAudit(tx, {
      actor,
      action,
      entityType: 'Project',
      entityId: projectId,
      agencyId: project?.agencyId ?? null,
      after: { target, ...after },
    })
  })
}

async function agencyIdOf(db: Db, projectId: string): Promise<string | null> {
  return (await db.project.findUnique({ where: { id: projectId }, select: { agencyId: true } }))?.agencyId ?? null
}
