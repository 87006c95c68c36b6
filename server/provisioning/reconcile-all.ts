// The pass over every tenant (the periodic job, or a named few): a snapshot of the platform (a
// few list calls), then only the projects that differ are reconciled, each under its tenant lease
// (a running job row), so a replica never works on a project another replica is working on.
import { eachConcurrently } from '../jobs/each-concurrently'
import { releaseLeases, takeLeases } from '../jobs/queue'
import { RECONCILE_JOB } from '../jobs/shared-with-sql'
import type { Db } from '../db/client'
import type { ObjectStorage } from '../platform/storage/object-storage'
import { DEFAULT_SETTINGS, desiredState, isLive, type ProvisioningSettings } from './desired'
import { inSync, isStopped, storageInSync } from './in-sync'
import { loadProjects, type LoadedProject } from './intent'
import { platformWrites, reconcileProject, type ReconcilerDeps } from './reconcile'
import { recordQuotaUsage } from './record-usage'
import { snapshotPlatform, type PlatformSnapshot } from './snapshot'
import { writeStatuses, type StatusRow } from './status-row'

export interface PassSummary {
  readonly projects: number
  readonly inSync: number
  /** Left alone after a terminal failure with the same desired state. */
  readonly stopped: number
  readonly reconciled: number
  readonly skippedBusy: number
  readonly failed: number
  readonly writes: number
  readonly drift: number
  readonly ms: number
}

export async function reconcileAll(
  deps: ReconcilerDeps & { leaseHolder: string },
  options: { concurrency?: number; projectIds?: readonly string[]; leaseMs?: number } = {},
): Promise<PassSummary> {
  const started = Date.now()
  const settings = deps.settings ?? DEFAULT_SETTINGS
  const concurrency = Math.max(1, options.concurrency ?? 16)
  const projects = await loadProjects(deps.db, options.projectIds)
  const namespaces = options.projectIds ? projects.map((p) => p.intent.namespace) : undefined
  const snapshot = await snapshotPlatform(deps.kube, deps.storage, namespaces, options.concurrency)
  const writesBefore = platformWrites(deps)

  await recordQuotaUsage(deps.db, projects, snapshot, new Date())
  const triage = triageProjects(projects, snapshot, settings)
  await checkBuckets(deps.storage, triage, settings, concurrency)
  const tally = await reconcileInLeasedBatches(deps, triage.toReconcile, snapshot, {
    concurrency,
    leaseMs: options.leaseMs ?? 60_000,
  })
  await markLookedAt(deps.db, triage.synced)

  return {
    projects: projects.length,
    inSync: triage.synced.length,
    stopped: triage.stopped,
    ...tally,
    writes: platformWrites(deps) - writesBefore,
    ms: Date.now() - started,
  }
}

interface Triage {
  stopped: number
  /** Project ids already as wanted. */
  readonly synced: string[]
  /** Kubernetes as wanted, but buckets whose settings need reading first. */
  readonly toCheck: LoadedProject[]
  readonly toReconcile: LoadedProject[]
}

/** Sorts the projects from the snapshot alone: stopped, in sync, buckets to read, or to reconcile. */
function triageProjects(
  projects: readonly LoadedProject[],
  snapshot: PlatformSnapshot,
  settings: ProvisioningSettings,
): Triage {
  const triage: Triage = { stopped: 0, synced: [], toCheck: [], toReconcile: [] }
  for (const project of projects) {
    if (isStopped(project, settings)) triage.stopped++
    else if (!inSync(project, snapshot, settings)) triage.toReconcile.push(project)
    else if (isLive(project.intent) && desiredState(project.intent, settings).buckets.length > 0)
      triage.toCheck.push(project)
    else triage.synced.push(project.intent.projectId)
  }
  return triage
}

/** Bucket checks (reads only): what differs, or cannot be read, joins the projects to reconcile. */
async function checkBuckets(
  storage: ObjectStorage,
  triage: Triage,
  settings: ProvisioningSettings,
  concurrency: number,
): Promise<void> {
  await eachConcurrently(triage.toCheck, concurrency, async (project) => {
    try {
      if (await storageInSync(storage, project, settings)) {
        triage.synced.push(project.intent.projectId)
        return
      }
    } catch {
      // Unreachable storage: the reconcile records it in the status.
    }
    triage.toReconcile.push(project)
  })
}

interface Tally {
  reconciled: number
  skippedBusy: number
  failed: number
  drift: number
}

/**
 * Projects are leased, reconciled and recorded in batches: one statement leases a batch, one
 * writes its statuses, one releases it, so the database costs little per project.
 */
async function reconcileInLeasedBatches(
  deps: ReconcilerDeps & { leaseHolder: string },
  projects: readonly LoadedProject[],
  snapshot: PlatformSnapshot,
  options: { concurrency: number; leaseMs: number },
): Promise<Tally> {
  const tally: Tally = { reconciled: 0, skippedBusy: 0, failed: 0, drift: 0 }
  const batch = options.concurrency * 4
  for (let i = 0; i < projects.length; i += batch)
    await reconcileBatch(deps, projects.slice(i, i + batch), snapshot, options, tally)
  return tally
}

async function reconcileBatch(
  deps: ReconcilerDeps & { leaseHolder: string },
  chunk: readonly LoadedProject[],
  snapshot: PlatformSnapshot,
  options: { concurrency: number; leaseMs: number },
  tally: Tally,
): Promise<void> {
  const leases = await takeLeases(deps.db, {
    kind: RECONCILE_JOB,
    keys: chunk.map((p) => p.intent.projectId),
    holder: deps.leaseHolder,
    leaseMs: options.leaseMs,
    payload: { reason: 'periodic' },
  })
  const statuses: StatusRow[] = []
  try {
    await eachConcurrently(chunk, options.concurrency, async (project) => {
      if (!leases.has(project.intent.projectId)) {
        tally.skippedBusy++
        return
      }
      tally.reconciled++
      try {
        const outcome = await reconcileProject(deps, project.intent.projectId, {
          snapshot,
          loaded: project,
          statusSink: statuses,
        })
        if (outcome?.error) tally.failed++
        tally.drift += outcome?.drift.length ?? 0
      } catch {
        tally.failed++
      }
    })
    await writeStatuses(deps.db, statuses)
  } finally {
    await releaseLeases(deps.db, [...leases.values()])
  }
}

/** Projects already as wanted: one statement records that they were looked at. */
async function markLookedAt(db: Db, projectIds: readonly string[]): Promise<void> {
  if (projectIds.length === 0) return
  await db.provisioningStatus.updateMany({
    where: { projectId: { in: [...projectIds] } },
    data: { lastReconciledAt: new Date(), lastWrites: 0, driftDetected: false },
  })
}
