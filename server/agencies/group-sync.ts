// The agencies' group sync (decision 0052): Keycloak's `/agencies/<code>` groups follow the
// console's agencies. Run by the workflow worker every DIRECTORY_SYNC_SECONDS and queued by each
// agency change. Missing groups are made and stale attributes rewritten (each audited as the
// system); what it cannot settle, a group no agency has or an agency whose group could not be
// made, becomes an open AgencyGroupIssue, audited when it opens and when it closes, and shown to
// platform administrators. Keycloak is read and written outside any transaction: a slow Keycloak
// must not hold PostgreSQL locks.
import { appendAudit, recordAudit } from '../audit/log'
import type { Db } from '../db/client'
import { planAgencyGroups, type AgencyForGroup } from '../domain/agency-groups'
import type { AgencyGroupDirectory } from '../identity/agency-groups'
import type { JobResult } from '../jobs/worker'

export const GROUP_SYNC_ACTOR = { id: 'system:agency-groups', label: 'Đồng bộ nhóm cơ quan (Keycloak)' } as const

export type IssueKind = 'group_without_agency' | 'agency_without_group'

export interface GroupSyncReport {
  readonly created: number
  readonly updated: number
  /** Open issues after this pass, by kind. */
  readonly groupsWithoutAgency: number
  readonly agenciesWithoutGroup: number
}

interface Seen {
  readonly kind: IssueKind
  readonly name: string
  readonly groupId: string
  readonly nameVi: string
  readonly detail: string
}

async function agenciesForGroups(db: Db): Promise<AgencyForGroup[]> {
  const rows = await db.agency.findMany({
    select: { code: true, nameVi: true, nameEn: true, kind: true, status: true, parent: { select: { code: true } } },
    orderBy: { code: 'asc' },
  })
  return rows.map(({ parent, ...row }) => ({ ...row, parentCode: parent?.code ?? null }))
}

const audited = (db: Db, action: string, code: string, before: unknown, after: unknown) =>
  recordAudit(db, {
    actor: GROUP_SYNC_ACTOR,
    action,
    entityType: 'KeycloakGroup',
    entityId: code,
    before: before ?? undefined,
    after,
  })

export async function syncAgencyGroups(
  db: Db,
  groups: AgencyGroupDirectory,
  now = new Date(),
): Promise<GroupSyncReport> {
  const plan = planAgencyGroups(await agenciesForGroups(db), await groups.list())
  const seen: Seen[] = plan.orphans.map((orphan) => ({
    kind: 'group_without_agency',
    name: orphan.name,
    groupId: orphan.groupId,
    nameVi: orphan.nameVi,
    detail: '',
  }))
  let created = 0
  for (const wanted of plan.create) {
    try {
      const groupId = await groups.create(wanted.code, wanted.attributes)
      await audited(db, 'agency.group_create', wanted.code, null, { groupId, attributes: wanted.attributes })
      created += 1
    } catch (error) {
      const detail = error instanceof Error ? error.message.slice(0, 500) : String(error)
      const nameVi = wanted.attributes['name-vi']?.[0] ?? ''
      seen.push({ kind: 'agency_without_group', name: wanted.code, groupId: '', nameVi, detail })
    }
  }
  for (const stale of plan.update) {
    await groups.update(stale.groupId, stale.code, stale.attributes)
    await audited(db, 'agency.group_update', stale.code, { attributes: stale.before }, { attributes: stale.attributes })
  }
  await recordIssues(db, seen, now)
  return {
    created,
    updated: plan.update.length,
    groupsWithoutAgency: seen.filter((s) => s.kind === 'group_without_agency').length,
    agenciesWithoutGroup: seen.filter((s) => s.kind === 'agency_without_group').length,
  }
}

/** Opens what is newly seen, keeps what is still seen, closes what is gone; each opening and closing audited. */
async function recordIssues(db: Db, seen: readonly Seen[], now: Date): Promise<void> {
  await db.$transaction(async (tx) => {
    const open = await tx.agencyGroupIssue.findMany({ where: { resolvedAt: null } })
    const key = (issue: { kind: string; name: string }) => `${issue.kind}:${issue.name}`
    const openKeys = new Set(open.map(key))
    const seenKeys = new Set(seen.map(key))
    for (const issue of seen) {
      const data = { groupId: issue.groupId, nameVi: issue.nameVi, detail: issue.detail, lastSeenAt: now }
      await tx.agencyGroupIssue.upsert({
        where: { kind_name: { kind: issue.kind, name: issue.name } },
        create: { kind: issue.kind, name: issue.name, ...data, firstSeenAt: now },
        update: openKeys.has(key(issue)) ? data : { ...data, firstSeenAt: now, resolvedAt: null },
      })
    }
    const closed = open.filter((issue) => !seenKeys.has(key(issue)))
    for (const issue of closed) {
      await tx.agencyGroupIssue.update({
        where: { kind_name: { kind: issue.kind, name: issue.name } },
        data: { resolvedAt: now },
      })
    }
    // The audit entries: written, under the trail's lock, when the transaction ends (decision 0082).
    for (const issue of seen.filter((s) => !openKeys.has(key(s))))
      await appendAudit(tx, {
        actor: GROUP_SYNC_ACTOR,
        action: 'agency.group_issue_open',
        entityType: 'KeycloakGroup',
        entityId: issue.name,
        after: { kind: issue.kind, groupId: issue.groupId, nameVi: issue.nameVi, detail: issue.detail },
      })
    for (const issue of closed)
      await appendAudit(tx, {
        actor: GROUP_SYNC_ACTOR,
        action: 'agency.group_issue_resolved',
        entityType: 'KeycloakGroup',
        entityId: issue.name,
        before: { kind: issue.kind },
      })
  })
}

export function agencyGroupSyncHandler(
  db: Db,
  groups: () => Promise<AgencyGroupDirectory>,
  onReport?: (report: GroupSyncReport) => void,
) {
  return async (): Promise<JobResult> => {
    onReport?.(await syncAgencyGroups(db, await groups()))
    return { status: 'done' }
  }
}
