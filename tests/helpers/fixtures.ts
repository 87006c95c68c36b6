import { randomBytes } from 'node:crypto'
import type { Db } from '#server/db/client'
import type { ConsoleRole } from '#server/identity/principal'
import type { Observation } from '#server/security/findings'
import { RECONCILE_JOB } from '#server/jobs/shared-with-sql'
import { requestWaiver } from '#server/workflow/waiver-request'

// Small builders for integration tests: real rows in a real database, named so a failing test
// reads clearly. Every builder takes the database first and returns the ids it made.

const suffix = () => randomBytes(3).toString('hex')

export const GiB = 1024n ** 3n

/** `code`: one the test needs (a realm group's, `/agencies/<code>`); a made-up one unless given. */
export async function makeAgency(
  db: Db,
  nameVi = 'Sở Khoa học và Công nghệ',
  options: { code?: string } = {},
): Promise<string> {
  const row = await db.agency.create({
    data: { code: options.code ?? `ag-${suffix()}`, nameVi, nameEn: 'Test agency', kind: 'department' },
    select: { id: true },
  })
  return row.id
}

export async function makeProject(
  db: Db,
  agencyId: string,
  options: { securityLevel?: number; personalData?: boolean; name?: string } = {},
): Promise<string> {
  const slug = `p-${suffix()}`
  const row = await db.project.create({
    data: {
      agencyId,
      name: options.name ?? 'Hệ thống một cửa điện tử',
      slug,
      namespace: `ns-${slug}`,
      securityLevel: options.securityLevel ?? 2,
      processesPersonalData: options.personalData ?? false,
      contactName: 'Nguyễn Văn An',
      contactEmail: 'an@example.gov.vn',
    },
    select: { id: true },
  })
  return row.id
}

export async function makeUser(db: Db, displayName = 'Đặng Minh Đức'): Promise<string> {
  const username = `u-${suffix()}`
  const row = await db.user.create({
    data: { subject: `test:${username}`, username, displayName, email: `${username}@example.gov.vn` },
    select: { id: true },
  })
  return row.id
}

/** One pool per resource, with the given effective capacities (overcommit 1:1). */
export async function makePools(db: Db, capacities: Record<string, bigint>): Promise<void> {
  for (const [resource, physical] of Object.entries(capacities)) {
    await db.capacityPool.create({
      data: {
        code: `pool-${resource.replace(/\W/g, '-')}-${suffix()}`,
        nameVi: `Vùng ${resource}`,
        nameEn: `Pool ${resource}`,
        kind: resource.startsWith('volume:')
          ? 'volume'
          : resource === 'objectStorage' || resource === 'buckets'
            ? 'objectStorage'
            : resource === 'backupStorage'
              ? 'backup'
              : 'compute',
        resources: { create: [{ resource, physical }] },
      },
    })
  }
}

export type RequestInput = {
  projectId: string
  agencyId: string
  requesterId: string
  lines: Record<string, bigint>
  kind?: 'new' | 'increase' | 'decrease'
  endsAt?: Date
}

async function makeRequest(db: Db, input: RequestInput, state: 'draft' | 'submitted'): Promise<string> {
  const row = await db.quotaRequest.create({
    data: {
      projectId: input.projectId,
      agencyId: input.agencyId,
      requestedById: input.requesterId,
      kind: input.kind ?? 'new',
      state,
      submittedAt: state === 'submitted' ? new Date() : null,
      justification: 'Triển khai hệ thống theo kế hoạch 196/KH-UBND',
      endsAt: input.endsAt ?? null,
      lines: { create: Object.entries(input.lines).map(([resource, requested]) => ({ resource, requested })) },
    },
    select: { id: true },
  })
  return row.id
}

/** A request as an agency user saves it before submitting. */
export const makeDraft = (db: Db, input: RequestInput) => makeRequest(db, input, 'draft')

/** A request already in `submitted`, as an agency user would leave it. */
export const makeSubmittedRequest = (db: Db, input: RequestInput) => makeRequest(db, input, 'submitted')

/**
 * A session of `userId` with the console roles Keycloak last gave them: how the console knows who
 * the operators and security officers are (their notifications, say). Not one to sign in with.
 */
export async function makeSession(
  db: Db,
  userId: string,
  roles: ConsoleRole[],
  options: { lastSeenAt?: Date; agencyCodes?: string[] } = {},
): Promise<void> {
  const now = options.lastSeenAt ?? new Date()
  await db.session.create({
    data: {
      id: randomBytes(16).toString('hex'),
      userId,
      roles,
      agencyCodes: options.agencyCodes ?? [],
      accessToken: 'sealed',
      accessExpiresAt: new Date(now.getTime() + 300_000),
      expiresAt: new Date(now.getTime() + 36_000_000),
      lastSeenAt: now,
      createdAt: now,
    },
  })
}

/** What the platform's own messages name in `failedOnThePlatform`: hosts and ports inside the data centre. */
export const PLATFORM_DETAIL = { apiServer: '10.43.0.1:6443', storage: 'seaweedfs-iam.govcloud.internal:8111' } as const

/**
 * The project's last provisioning pass failed on the Kubernetes API server, and a retry waits in
 * the queue, both recorded as the reconciler records them (conditions.ts, status-row.ts, the job
 * queue): messages that name PLATFORM_DETAIL's hosts and ports.
 */
export async function failedOnThePlatform(db: Db, projectId: string): Promise<void> {
  const at = new Date().toISOString()
  const refused = `kubernetes: apply ResourceQuota ${projectId}/quota: connect ECONNREFUSED ${PLATFORM_DETAIL.apiServer}`
  const unavailable = { messageKey: 'platform.error.kubernetes.unavailable', messageParams: {} }
  const conditions = [
    {
      type: 'Ready',
      status: 'False',
      reason: 'KubernetesUnavailable',
      message: refused,
      ...unavailable,
      lastTransitionTime: at,
    },
    {
      type: 'Progressing',
      status: 'True',
      reason: 'Retrying',
      message: 'The pass will be retried with backoff.',
      messageKey: 'prov.msg.Retrying',
      messageParams: {},
      lastTransitionTime: at,
    },
    {
      type: 'Degraded',
      status: 'True',
      reason: 'KubernetesUnavailable',
      message: refused,
      ...unavailable,
      lastTransitionTime: at,
    },
  ]
  const status = {
    phase: 'degraded',
    conditions,
    lastReconciledAt: new Date(),
    lastError: refused,
    details: { error: refused },
  }
  await db.provisioningStatus.upsert({ where: { projectId }, create: { projectId, ...status }, update: status })
  await db.job.create({
    data: {
      kind: RECONCILE_JOB,
      key: projectId,
      attempts: 3,
      runAt: new Date(Date.now() + 3_600_000),
      lastError: `storage: PutBucketQuota: Post "http://${PLATFORM_DETAIL.storage}/": EOF`,
    },
  })
}

/** What a scan saw on a project: `checkId` failing on its object `name` (a Deployment unless `kind` says). */
export function observationOn(
  where: { agencyId: string; projectId: string; namespace: string },
  level: number,
  checkId: string,
  name: string,
  severity: Observation['severity'],
  kind = 'Deployment',
): Observation {
  return {
    checkId,
    subject: { kind, namespace: where.namespace, name },
    projectId: where.projectId,
    agencyId: where.agencyId,
    securityLevel: level,
    severity,
    detail: {},
  }
}

/** A waiver of GC-WL-01 on the whole project, as its staff member `username` would ask for it (20 days). */
export async function waiverOfWholeCheck(db: Db, projectId: string, username: string): Promise<{ number: number }> {
  const requester = await db.user.findUniqueOrThrow({ where: { username } })
  const waiver = await requestWaiver(db, {
    projectId,
    target: { checkId: 'GC-WL-01' },
    fields: {
      justification: 'Ứng dụng cũ chưa khai báo được giới hạn tài nguyên.',
      compensatingControl: 'LimitRange mặc định của namespace.',
      expiresAt: new Date(Date.now() + 20 * 86_400_000).toISOString(),
    },
    actor: { id: requester.id, label: requester.displayName },
  })
  if (!waiver?.ok) throw new Error(`no waiver: ${JSON.stringify(waiver)}`)
  return waiver.waiver
}
