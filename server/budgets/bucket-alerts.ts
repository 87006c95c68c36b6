// Buckets over their own quota (issue 14: "the console itself flags a bucket over its quota within
// one metering interval, to the agency and to operators"; decision 0050). S3 servers enforce a
// bucket's quota late, so on the metering's schedule, not the hour's: each bucket's highest bytes
// over the last interval from the time-series store (SeaweedFS's per-bucket gauge, decision 0046),
// against the bucket's share of the grant now (bucket-quota.ts, the provisioning's split), or for a
// bucket a restore made against its copy's bytes (decision 0086). A
// crossing is stored and told once, to the project's agency staff and to operators, in the
// transaction that stores it; falling 5 points under the quota clears it, and a later crossing is
// told again. A bucket the store says nothing of keeps its flag ("not measured" is never zero).
import type { Db, Tx } from '../db/client'
import { bucketQuotas, stepBucket, type BucketQuota } from '../domain/bucket-quota'
import { permille } from '../domain/threshold-levels'
import type { JobHandler, PeriodicTask } from '../jobs/worker'
import { grantsAt, projectPage, restoredBucketsBefore, type MeteredProject } from '../metering/facts'
import { bucketBytesNow, chunksWithin } from '../metering/queries'
import { bucketAlertKey } from '../notifications/alert-plan'
import { notifyAlerts, type AlertNotice } from '../notifications/alert-record'
import type { TimeSeriesStore } from '../platform/metrics/time-series'

export const BUCKET_ALERTS_JOB = 'alerts.buckets'

export interface BucketAlertDeps {
  readonly db: Db
  readonly store: TimeSeriesStore
  /** The metering's interval: how far back a bucket's highest bytes are looked for. */
  readonly windowSeconds: number
  readonly now?: () => Date
  readonly pageSize?: number
  readonly log?: (line: string) => void
}

interface BucketChange {
  readonly project: MeteredProject
  readonly quota: BucketQuota
  readonly bytes: bigint
  readonly level: number
  readonly raised: boolean
}

export interface BucketRun {
  readonly buckets: number
  readonly changes: number
  readonly notices: number
}

/** Each bucket's bytes the store reports, by name (asked in chunks a query may hold). */
async function bytesOf(store: TimeSeriesStore, names: readonly string[], windowSeconds: number, now: Date) {
  const out = new Map<string, bigint>()
  for (const chunk of chunksWithin(names, (n) => n.length + 1)) {
    for (const sample of await store.instant(bucketBytesNow(chunk, windowSeconds), now)) {
      const bucket = sample.labels.bucket
      if (bucket !== undefined && Number.isFinite(sample.value) && sample.value >= 0)
        out.set(bucket, BigInt(Math.round(sample.value)))
    }
  }
  return out
}

async function pageChanges(deps: BucketAlertDeps, page: readonly MeteredProject[], now: Date) {
  const ids = page.map((p) => p.id)
  const [grants, restored] = await Promise.all([grantsAt(deps.db, ids, now), restoredBucketsBefore(deps.db, ids, now)])
  const quotas = page.flatMap((project) => {
    const g = grants.get(project.id)
    const amount = (resource: string) => g?.get(resource) ?? 0n
    const own = {
      objectStorage: amount('objectStorage'),
      buckets: amount('buckets'),
      backupStorage: amount('backupStorage'),
      restored: restored.get(project.id) ?? [],
    }
    return bucketQuotas(project.namespace, own).map((quota) => ({ project, quota }))
  })
  if (quotas.length === 0) return { buckets: 0, changes: [] }
  const [bytes, states] = await Promise.all([
    bytesOf(
      deps.store,
      quotas.map((q) => q.quota.name),
      deps.windowSeconds,
      now,
    ),
    deps.db.bucketAlertState.findMany({ where: { projectId: { in: ids } }, select: { bucket: true, level: true } }),
  ])
  const levels = new Map(states.map((s) => [s.bucket, s.level]))
  const changes: BucketChange[] = []
  for (const { project, quota } of quotas) {
    const current = levels.get(quota.name) ?? 0
    const measured = bytes.get(quota.name) ?? null
    const step = stepBucket(current, measured, quota.quotaBytes)
    if (measured === null || step.level === current) continue
    changes.push({ project, quota, bytes: measured, ...step })
  }
  return { buckets: quotas.length, changes }
}

async function noticesOf(tx: Tx, changes: readonly BucketChange[], now: Date): Promise<AlertNotice[]> {
  const raised = changes.filter((c) => c.raised)
  if (raised.length === 0) return []
  const projects = await tx.project.findMany({
    where: { id: { in: raised.map((c) => c.project.id) } },
    select: { id: true, name: true, agencyId: true, agency: { select: { nameVi: true, nameEn: true } } },
  })
  const byId = new Map(projects.map((p) => [p.id, p]))
  return raised.flatMap((change) => {
    const project = byId.get(change.project.id)
    if (!project) return []
    return [
      {
        kind: 'usage_threshold' as const,
        agencyId: project.agencyId,
        toOperators: true,
        link: `/projects/${change.project.namespace}`,
        params: {
          projectName: project.name,
          agencyNameVi: project.agency.nameVi,
          agencyNameEn: project.agency.nameEn,
          resource: change.quota.resource,
          bucket: change.quota.name,
          level: change.level,
          permille: permille(change.bytes, change.quota.quotaBytes),
        },
        onceKey: bucketAlertKey(change.project.id, change.quota.name, now),
      },
    ]
  })
}

/** Stores the page's changed flags and tells of the crossings, in one transaction. */
async function writeChanges(db: Db, changes: readonly BucketChange[], now: Date): Promise<number> {
  if (changes.length === 0) return 0
  return db.$transaction(async (tx) => {
    for (const c of changes) {
      const fields = {
        resource: c.quota.resource,
        level: c.level,
        bytes: c.bytes,
        quotaBytes: c.quota.quotaBytes,
        changedAt: now,
      }
      await tx.bucketAlertState.upsert({
        where: { projectId_bucket: { projectId: c.project.id, bucket: c.quota.name } },
        create: { projectId: c.project.id, bucket: c.quota.name, ...fields },
        update: fields,
      })
    }
    return (await notifyAlerts(tx, await noticesOf(tx, changes, now))).length
  })
}

/** Every metered project's buckets against their quotas now; returns what was seen and told. */
export async function evaluateBuckets(deps: BucketAlertDeps): Promise<BucketRun> {
  const now = deps.now?.() ?? new Date()
  let after: string | null = null
  const run = { buckets: 0, changes: 0, notices: 0 }
  for (;;) {
    const page = await projectPage(deps.db, after, deps.pageSize ?? 200)
    if (page.length === 0) break
    after = page.at(-1)!.id
    const read = await pageChanges(deps, page, now)
    run.buckets += read.buckets
    run.changes += read.changes.length
    run.notices += await writeChanges(deps.db, read.changes, now)
  }
  if (run.changes > 0) deps.log?.(`buckets: ${run.changes} flags changed, ${run.notices} notices`)
  return run
}

export function bucketAlertHandlers(deps: BucketAlertDeps): Record<string, JobHandler> {
  return {
    [BUCKET_ALERTS_JOB]: async () => {
      await evaluateBuckets(deps)
      return { status: 'done' }
    },
  }
}

/** Queued on one replica each metering interval. */
export function bucketAlertSchedule(everyMs: number): PeriodicTask[] {
  return [{ name: BUCKET_ALERTS_JOB, everyMs, job: { kind: BUCKET_ALERTS_JOB, key: 'all' } }]
}
