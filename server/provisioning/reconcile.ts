// The level-based reconciler (docs/ARCHITECTURE.md, "The path of a request"): read what the ledger wants,
// read what the platform has, write only the difference, record status and conditions. Running
// it twice writes nothing the second time; running it after a crash finishes the job; a change
// made behind its back is reported as drift (audited) and repaired. This file is one project's
// pass as a list of steps; reconcile-all.ts is the pass over every project.
import type { Db } from '../db/client'
import type { ApprovalPolicy } from '../domain/security-policy'
import type { PlatformError } from '../platform/errors'
import type { KubernetesPlatform } from '../platform/kubernetes/platform'
import type { Velero } from '../platform/kubernetes/velero'
import type { ObjectStorage } from '../platform/storage/object-storage'
import { advanceRequests } from './advance-requests'
import { auditDriftRepaired } from './audit'
import { isLive, type ProvisioningSettings } from './desired'
import { loadProjects, type LoadedProject } from './intent'
import { reconcileLive } from './live'
import type { DriftItem } from './pass-result'
import type { PlatformSnapshot } from './snapshot'
import { recordStatus, statusRow, type StatusRow } from './status-row'
import { reconcileEnded } from './teardown'
import { reconcileDuration, reconcileOutcome } from '../observability/metrics'

export interface ReconcilerDeps {
  readonly db: Db
  readonly kube: KubernetesPlatform
  readonly storage: ObjectStorage
  /** Velero's objects (decision 0053); absent where no Velero runs, and then backups are not scheduled. */
  readonly velero?: Velero
  readonly settings?: ProvisioningSettings
  /** How long data is kept after an allocation ends (revoked or expired) before it is deleted. */
  readonly retentionGraceMs?: number
  readonly policy?: ApprovalPolicy
  readonly now?: () => Date
}

export interface ReconcileOutcome {
  readonly projectId: string
  readonly phase: string
  readonly writes: number
  readonly drift: readonly DriftItem[]
  /** The error that stopped part of the pass (the job retries retryable ones). */
  readonly error: PlatformError | null
  /** Ask to be looked at again after this many ms even if nothing changes (deletions in flight). */
  readonly requeueAfterMs: number | null
}

/**
 * Reconciles one project. Never throws for platform failures: they end up in the status
 * (Degraded, with the reason) and in the outcome, for the job to retry or stop. A pass over many
 * projects hands in its snapshot, the project as it loaded it, and a sink for the status rows.
 */
export async function reconcileProject(
  deps: ReconcilerDeps,
  projectId: string,
  options: { snapshot?: PlatformSnapshot; loaded?: LoadedProject; statusSink?: StatusRow[] } = {},
): Promise<ReconcileOutcome | null> {
  const loaded = options.loaded ?? (await loadProjects(deps.db, [projectId]))[0]
  if (!loaded) return null
  const now = (deps.now ?? (() => new Date()))()
  const timer = reconcileDuration.startTimer()
  const live = isLive(loaded.intent)
  const pending = loaded.pendingRequests > 0
  const writesBefore = platformWrites(deps)

  if (pending) await advanceRequests(deps, projectId, 'approved', 'start_provisioning', now)
  const pass = live
    ? await reconcileLive(deps, loaded, options.snapshot)
    : await reconcileEnded(deps, loaded, now, options.snapshot)
  if (pass.ok && live && pending) await advanceRequests(deps, projectId, 'provisioning', 'mark_active', now)
  const writes = platformWrites(deps) - writesBefore
  await recordStatus(deps.db, statusRow(loaded, pass, writes, now), options.statusSink)
  if (pass.drift.length > 0) await auditDriftRepaired(deps.db, loaded.intent, pass)

  const { phase, drift, error, requeueAfterMs } = pass
  timer({ outcome: reconcileOutcome({ error, drift, writes }) })
  return { projectId, phase, writes, drift, error, requeueAfterMs }
}

/** Writes made to the platform so far by these connections (Kubernetes and object storage). */
export function platformWrites(deps: Pick<ReconcilerDeps, 'kube' | 'storage'>): number {
  return deps.kube.counters.writes + deps.storage.counters.writes
}
