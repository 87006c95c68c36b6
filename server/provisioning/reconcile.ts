// The level-based reconciler (ARCHITECTURE.md, "Reconcile by level"): read what the ledger wants,
// read what the platform has, write only the difference, record status and conditions. Running
// it twice writes nothing the second time; running it after a crash finishes the job; a change
// made behind its back is reported as drift (audited) and repaired.
import type * as k8s from '@kubernetes/client-node'
import { appendAudit, recordAudit } from '../audit/log'
import type { Db } from '../db/client'
import type { ApprovalPolicy } from '../domain/security-policy'
import { DEFAULT_APPROVAL_POLICY } from '../domain/security-policy'
import { PlatformError } from '../platform/errors'
import {
  MANAGED_KINDS,
  refKey,
  refOf,
  type DesiredObject,
  type ManagedKind,
  type ManagedObject,
} from '../platform/kubernetes/objects'
import type { KubernetesPlatform } from '../platform/kubernetes/platform'
import type { BucketState, ObjectStorage } from '../platform/storage/object-storage'
import { actOnRequest } from '../workflow/act-on-request'
import { diffBucket, diffObject, foreignQuotaKeys, quotaBelowUsage, samePolicy, type BucketFix } from './compare'
import {
  DEFAULT_SETTINGS,
  LABELS,
  OBJECT_NAMES,
  MANAGED_SELECTOR,
  S3_POLICY_NAME,
  desiredState,
  isLive,
  isProjectBucket,
  type DesiredBucket,
  type PostureNote,
  type ProvisioningSettings,
} from './desired'
import { loadProjects, type Condition, type LoadedProject, type StoredStatus } from './intent'
import { usageFromQuota } from './usage'

export const SYSTEM_ACTOR = {
  id: 'system:provisioning',
  label: 'Hệ thống cấp phát (provisioning)',
  roles: ['system' as const],
}

export interface ReconcilerDeps {
  readonly db: Db
  readonly kube: KubernetesPlatform
  readonly storage: ObjectStorage
  readonly settings?: ProvisioningSettings
  /** How long data is kept after an allocation ends (revoked or expired) before it is deleted. */
  readonly retentionGraceMs?: number
  readonly policy?: ApprovalPolicy
  readonly now?: () => Date
}

/** What the platform looked like at the start of a pass over many projects (a few list calls). */
export interface PlatformSnapshot {
  /** namespace → the console's objects in it (the Namespace included) */
  readonly objects: ReadonlyMap<string, readonly ManagedObject[]>
  readonly buckets: ReadonlySet<string> | null
}

export interface DriftItem {
  readonly target: string
  readonly fields: readonly string[]
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

const DAY = 86_400_000
const Kinds: readonly ManagedKind[] = MANAGED_KINDS

/**
 * Reads every object the console manages: cluster-wide in a handful of list calls, or, for a pass
 * over a few named namespaces, namespace by namespace (one GET for a namespace that does not
 * exist yet), which is cheaper than listing a large cluster for them.
 */
export async function snapshotPlatform(
  kube: KubernetesPlatform,
  storage: ObjectStorage | null,
  namespaces?: readonly string[],
  concurrency = 16,
): Promise<PlatformSnapshot> {
  const objects = new Map<string, ManagedObject[]>()
  const buckets = storage ? storage.listBuckets().then((names) => new Set(names)) : Promise.resolve(null)
  if (namespaces) {
    await eachConcurrently(namespaces, concurrency, async (ns) => {
      const found = await readNamespaceObjects(kube, ns)
      if (found.length > 0) objects.set(ns, found)
    })
    return { objects, buckets: await buckets }
  }
  const lists = await Promise.all(Kinds.map((kind) => kube.list(kind, { labelSelector: MANAGED_SELECTOR })))
  lists.forEach((items, i) => {
    for (const item of items) {
      const ns = Kinds[i] === 'Namespace' ? item.metadata?.name : item.metadata?.namespace
      if (!ns) continue
      const list = objects.get(ns) ?? []
      list.push(withKind(item, Kinds[i]!))
      objects.set(ns, list)
    }
  })
  return { objects, buckets: await buckets }
}

function withKind(object: ManagedObject, kind: ManagedKind): ManagedObject {
  // List items come without kind; the reconciler keys objects by kind.
  if (!object.kind) object.kind = kind
  return object
}

/** The console's objects in one namespace, read fresh (absent namespace: one call). */
async function readNamespaceObjects(kube: KubernetesPlatform, namespace: string): Promise<ManagedObject[]> {
  const ns = await kube.read({ kind: 'Namespace', name: namespace })
  if (!ns) return []
  const lists = await Promise.all(
    Kinds.filter((k) => k !== 'Namespace').map(async (kind) =>
      (await kube.list(kind, { namespace, labelSelector: MANAGED_SELECTOR })).map((o) => withKind(o, kind)),
    ),
  )
  return [withKind(ns, 'Namespace'), ...lists.flat()]
}

function indexObjects(objects: readonly ManagedObject[]): Map<string, ManagedObject> {
  return new Map(
    objects.map((o) => [
      refKey({
        kind: o.kind as ManagedKind,
        namespace: o.kind === 'Namespace' ? undefined : o.metadata?.namespace,
        name: o.metadata?.name ?? '',
      }),
      o,
    ]),
  )
}

/** Whether a project needs anything done, judged from a snapshot alone (no writes, no reads). */
export function inSync(project: LoadedProject, snapshot: PlatformSnapshot, settings: ProvisioningSettings): boolean {
  if (project.pendingRequests > 0) return false
  const status = project.status
  if (!isLive(project.intent)) return status?.phase === 'deleted' && !snapshot.objects.has(project.intent.namespace)
  const desired = desiredState(project.intent, settings)
  if (!status || status.observedHash !== desired.hash || status.phase !== 'ready') return false
  const actual = indexObjects(snapshot.objects.get(desired.namespace) ?? [])
  for (const object of desired.objects) {
    if (diffObject(object, actual.get(refKey(refOf(object))) ?? null).length > 0) return false
  }
  if (actual.size !== desired.objects.length) return false
  // Buckets: present by name here; their settings need reads of their own (storageInSync).
  if (snapshot.buckets) for (const bucket of desired.buckets) if (!snapshot.buckets.has(bucket.name)) return false
  return true
}

/**
 * A terminal failure (the platform refused the object itself) stops until the desired state
 * changes (a decision, a merger) or an operator queues the project again: the periodic pass skips it.
 */
export function isStopped(project: LoadedProject, settings: ProvisioningSettings): boolean {
  const status = project.status
  return (
    isLive(project.intent) &&
    status?.phase === 'failed' &&
    status.desiredHash === desiredState(project.intent, settings).hash
  )
}

/** Reads a project's bucket settings and identity policy: true when nothing differs (no writes). */
export async function storageInSync(
  storage: ObjectStorage,
  project: LoadedProject,
  settings: ProvisioningSettings,
): Promise<boolean> {
  const desired = desiredState(project.intent, settings)
  for (const bucket of desired.buckets) {
    if (diffBucket(bucket, await storage.readBucket(bucket.name)).length > 0) return false
  }
  if (
    desired.identity &&
    !samePolicy(desired.identity.policy, await storage.getUserPolicy(desired.identity.user, S3_POLICY_NAME))
  )
    return false
  return true
}

/**
 * Reconciles one project. Never throws for platform failures: they end up in the status
 * (Degraded, with the reason) and in the outcome, for the job to retry or stop.
 */
export async function reconcileProject(
  deps: ReconcilerDeps,
  projectId: string,
  options: { snapshot?: PlatformSnapshot; loaded?: LoadedProject; statusSink?: StatusRow[] } = {},
): Promise<ReconcileOutcome | null> {
  const loaded = options.loaded ?? (await loadProjects(deps.db, [projectId]))[0]
  if (!loaded) return null
  const settings = deps.settings ?? DEFAULT_SETTINGS
  const now = (deps.now ?? (() => new Date()))()
  const writesBefore = deps.kube.counters.writes + deps.storage.counters.writes

  if (loaded.pendingRequests > 0) await moveRequests(deps, projectId, 'approved', 'start_provisioning', now)

  const outcome = isLive(loaded.intent)
    ? await reconcileLive(deps, loaded, settings, now, options.snapshot)
    : await reconcileEnded(deps, loaded, now, options.snapshot)

  if (outcome.ok && isLive(loaded.intent) && loaded.pendingRequests > 0)
    await moveRequests(deps, projectId, 'provisioning', 'mark_active', now)
  const writes = deps.kube.counters.writes + deps.storage.counters.writes - writesBefore
  const row = statusRow(loaded, outcome, writes, now)
  if (options.statusSink) options.statusSink.push(row)
  else await writeStatuses(deps.db, [row])
  if (outcome.drift.length > 0) {
    await recordAudit(deps.db, {
      actor: { id: SYSTEM_ACTOR.id, label: SYSTEM_ACTOR.label },
      action: 'provisioning.drift_repaired',
      entityType: 'Project',
      entityId: projectId,
      agencyId: await agencyIdOf(deps.db, projectId),
      outcome: outcome.error ? 'failed' : 'ok',
      before: { drift: outcome.drift },
      after: { repaired: outcome.error === null, namespace: loaded.intent.namespace },
    })
  }
  return {
    projectId,
    phase: outcome.phase,
    writes,
    drift: outcome.drift,
    error: outcome.error,
    requeueAfterMs: outcome.requeueAfterMs,
  }
}

interface PassResult {
  ok: boolean
  phase: string
  hash: string | null
  conditions: Omit<Condition, 'lastTransitionTime'>[]
  drift: DriftItem[]
  error: PlatformError | null
  details: Record<string, unknown>
  requeueAfterMs: number | null
  ended?: { endedAt: Date; deleteAfter: Date; deletedAt: Date | null }
}

async function reconcileLive(
  deps: ReconcilerDeps,
  loaded: LoadedProject,
  settings: ProvisioningSettings,
  now: Date,
  snapshot?: PlatformSnapshot,
): Promise<PassResult> {
  const desired = desiredState(loaded.intent, settings)
  // Drift is a difference on something this same intent already made right once.
  const converged = loaded.status?.observedHash === desired.hash && loaded.status.deletedAt === null
  const drift: DriftItem[] = []
  const errors: PlatformError[] = []
  const notes: PostureNote[] = [...desired.notes]
  let belowUsage: ReturnType<typeof quotaBelowUsage> = []
  const applied: string[] = []

  // Kubernetes
  try {
    const actualList = snapshot
      ? [...(snapshot.objects.get(desired.namespace) ?? [])]
      : await readNamespaceObjects(deps.kube, desired.namespace)
    const actual = indexObjects(actualList)
    const terminating = actual.get(refKey({ kind: 'Namespace', name: desired.namespace })) as
      k8s.V1Namespace | undefined
    if (terminating?.metadata?.deletionTimestamp) {
      throw new PlatformError({
        system: 'kubernetes',
        kind: 'conflict',
        status: 409,
        operation: `apply Namespace ${desired.namespace}`,
        message: 'the namespace is still being deleted',
      })
    }
    const todo: DesiredObject[] = []
    for (const object of desired.objects) {
      const have = actual.get(refKey(refOf(object))) ?? null
      const fields = diffObject(object, have)
      if (fields.length === 0) continue
      todo.push(object)
      if (converged) drift.push({ target: `${object.kind}/${object.metadata.name}`, fields })
      if (object.kind === 'ResourceQuota') belowUsage = quotaBelowUsage(object, have)
    }
    const [first, ...rest] = todo
    if (first?.kind === 'Namespace') {
      await deps.kube.apply(first)
      applied.push('Namespace')
    }
    const others = first?.kind === 'Namespace' ? rest : todo
    const results = await Promise.allSettled(
      others.map(async (object) => {
        await deps.kube.apply(object)
        const foreign = foreignQuotaKeys(object, actual.get(refKey(refOf(object))) ?? null)
        if (foreign.length > 0) await deps.kube.removeQuotaKeys(refOf(object), foreign)
        applied.push(`${object.kind}/${object.metadata.name}`)
      }),
    )
    for (const r of results) if (r.status === 'rejected') errors.push(asPlatformError(r.reason, 'kubernetes'))
    // Objects of ours that the desired set no longer names (a renamed policy, say): removed.
    const wanted = new Set(desired.objects.map((o) => refKey(refOf(o))))
    for (const [key, object] of actual) {
      if (wanted.has(key) || object.kind === 'Namespace') continue
      if (object.metadata?.labels?.[LABELS.projectId] !== desired.projectId) continue
      await deps.kube.delete({
        kind: object.kind as ManagedKind,
        namespace: object.metadata?.namespace,
        name: object.metadata?.name ?? '',
      })
      if (converged) drift.push({ target: `${object.kind}/${object.metadata?.name}`, fields: ['(not wanted)'] })
    }
  } catch (error) {
    errors.push(asPlatformError(error, 'kubernetes'))
  }

  // Object storage
  const bucketReport: Record<string, unknown>[] = []
  try {
    const existing = snapshot?.buckets ?? new Set(await deps.storage.listBuckets())
    for (const bucket of desired.buckets) {
      const state = existing.has(bucket.name) ? await deps.storage.readBucket(bucket.name) : null
      const fixes = diffBucket(bucket, state)
      if (state && fixes.includes('objectLock') && !state.objectLock.enabled) {
        // Object lock can only be switched on when a bucket is made.
        notes.push({
          code: 'backup.object_lock_missing',
          severity: 'high',
          message: `Bucket ${bucket.name} was made without object lock; its backups are not immutable.`,
        })
      }
      if (fixes.length > 0 && converged)
        drift.push({ target: `Bucket/${bucket.name}`, fields: state ? fixes : ['(absent)'] })
      await fixBucket(deps.storage, bucket, state, fixes)
      bucketReport.push({
        name: bucket.name,
        purpose: bucket.purpose,
        quotaBytes: bucket.quotaBytes.toString(),
        objectLock: bucket.objectLock,
      })
    }
    for (const name of existing) {
      if (!isProjectBucket(desired.namespace, name) || desired.buckets.some((b) => b.name === name)) continue
      // A bucket no longer granted: removed when empty, kept (and reported) while it holds data.
      if (await deps.storage.bucketIsEmpty(name)) await deps.storage.deleteBucket(name)
      else
        notes.push({
          code: 'bucket.retained',
          severity: 'medium',
          message: `Bucket ${name} is no longer granted but still holds data; it is kept until emptied.`,
        })
    }
    if (desired.identity) {
      await deps.storage.ensureUser(desired.identity.user)
      const policy = await deps.storage.getUserPolicy(desired.identity.user, S3_POLICY_NAME)
      if (!samePolicy(desired.identity.policy, policy)) {
        if (converged && policy !== null)
          drift.push({ target: `Identity/${desired.identity.user}`, fields: ['policy'] })
        await deps.storage.putUserPolicy(desired.identity.user, S3_POLICY_NAME, desired.identity.policy)
      }
    }
  } catch (error) {
    errors.push(asPlatformError(error, 'storage'))
  }

  const error = errors.find((e) => !e.retryable) ?? errors[0] ?? null
  const conditions: PassResult['conditions'] = []
  const wrote = applied.length > 0
  if (error) {
    const reason = reasonOf(error)
    conditions.push({ type: 'Ready', status: 'False', reason, message: error.message })
    conditions.push({
      type: 'Progressing',
      status: error.retryable ? 'True' : 'False',
      reason: error.retryable ? 'Retrying' : 'Stopped',
      message: error.retryable
        ? 'The pass will be retried with backoff.'
        : 'Retrying will not help until the desired state or the platform changes.',
    })
    conditions.push({ type: 'Degraded', status: 'True', reason, message: errors.map((e) => e.message).join('; ') })
  } else {
    conditions.push({
      type: 'Ready',
      status: 'True',
      reason: 'Provisioned',
      message: `Namespace ${desired.namespace} and ${desired.buckets.length} bucket(s) match the allocation.`,
    })
    conditions.push({
      type: 'Progressing',
      status: 'False',
      reason: wrote || drift.length ? 'Applied' : 'UpToDate',
      message: wrote ? `Applied ${applied.length} object(s).` : 'Nothing to change.',
    })
    if (belowUsage.length > 0) {
      conditions.push({
        type: 'Degraded',
        status: 'True',
        reason: 'QuotaBelowUsage',
        message: `The new quota is below current use (${belowUsage.map((b) => `${b.resource}: ${b.used} used, ${b.hard} allowed`).join('; ')}); Kubernetes refuses new pods until use falls.`,
      })
    } else if (notes.some((n) => n.severity === 'high')) {
      conditions.push({
        type: 'Degraded',
        status: 'True',
        reason: 'PostureFinding',
        message: notes
          .filter((n) => n.severity === 'high')
          .map((n) => n.message)
          .join(' '),
      })
    } else {
      conditions.push({
        type: 'Degraded',
        status: 'False',
        reason: drift.length ? 'DriftRepaired' : 'AsExpected',
        message: drift.length ? `Repaired drift on ${drift.map((d) => d.target).join(', ')}.` : '',
      })
    }
  }
  return {
    ok: error === null,
    phase: error ? (error.retryable ? 'degraded' : 'failed') : 'ready',
    hash: desired.hash,
    conditions,
    drift,
    error,
    details: {
      namespace: desired.namespace,
      objects: desired.objects.map((o) => `${o.kind}/${o.metadata.name}`),
      buckets: bucketReport,
      identity: desired.identity?.user ?? null,
      quotaBelowUsage: belowUsage,
      postureNotes: notes,
    },
    requeueAfterMs: null,
  }
}

async function fixBucket(
  storage: ObjectStorage,
  want: DesiredBucket,
  have: BucketState | null,
  fixes: readonly BucketFix[],
): Promise<void> {
  for (const fix of fixes) {
    switch (fix) {
      case 'create':
        await storage.createBucket(want.name, { objectLock: want.objectLock !== null })
        break
      case 'versioning':
        await storage.setVersioning(want.name, want.versioning)
        break
      case 'encryption':
        await storage.setDefaultEncryption(want.name, want.encryption)
        break
      case 'publicAccessBlock':
        await storage.blockPublicAccess(want.name)
        break
      case 'policy':
        await storage.deleteBucketPolicy(want.name)
        break
      case 'acl':
        await storage.makeAclPrivate(want.name)
        break
      case 'lifecycle':
        await storage.setLifecycle(want.name, want.lifecycle)
        break
      case 'quota':
        await storage.setQuota(want.name, want.quotaBytes)
        break
      case 'objectLock':
        if (want.objectLock && (have === null || have.objectLock.enabled))
          await storage.setObjectLockRetention(want.name, want.objectLock.mode, want.objectLock.days)
        break
    }
  }
}

/**
 * An allocation that ended (revoked or expired): data is kept for the grace period, then the
 * namespace goes and buckets are emptied and removed; a backup bucket whose versions are still
 * locked stays until the lock lets go. Every deletion is audited.
 */
async function reconcileEnded(
  deps: ReconcilerDeps,
  loaded: LoadedProject,
  now: Date,
  snapshot?: PlatformSnapshot,
): Promise<PassResult> {
  const ns = loaded.intent.namespace
  const endedAt = loaded.status?.endedAt ?? now
  const deleteAfter = loaded.status?.deleteAfter ?? new Date(endedAt.getTime() + (deps.retentionGraceMs ?? 30 * DAY))
  const base = { hash: null, drift: [], details: { namespace: ns, deleteAfter: deleteAfter.toISOString() } }
  if (now < deleteAfter) {
    return {
      ...base,
      ok: true,
      phase: 'retained',
      error: null,
      conditions: [
        {
          type: 'Ready',
          status: 'False',
          reason: 'AllocationEnded',
          message: `The allocation ended; data is kept until ${deleteAfter.toISOString()}.`,
        },
        {
          type: 'Progressing',
          status: 'False',
          reason: 'GracePeriod',
          message: 'Nothing is deleted before the grace period ends.',
        },
        { type: 'Degraded', status: 'False', reason: 'AsExpected', message: '' },
      ],
      requeueAfterMs: Math.min(deleteAfter.getTime() - now.getTime(), DAY),
      ended: { endedAt, deleteAfter, deletedAt: null },
    }
  }
  const audit = (action: string, entity: string, after: Record<string, unknown>) =>
    deps.db.$transaction(async (tx) => {
      const project = await tx.project.findUnique({
        where: { id: loaded.intent.projectId },
        select: { agencyId: true },
      })
      await appendAudit(tx, {
        actor: { id: SYSTEM_ACTOR.id, label: SYSTEM_ACTOR.label },
        action,
        entityType: 'Project',
        entityId: loaded.intent.projectId,
        agencyId: project?.agencyId ?? null,
        after: { target: entity, ...after },
      })
    })
  const errors: PlatformError[] = []
  let remaining = 0
  let lockedUntilLater = false
  try {
    const objects = snapshot ? [...(snapshot.objects.get(ns) ?? [])] : await readNamespaceObjects(deps.kube, ns)
    const namespace = objects.find((o) => o.kind === 'Namespace') as k8s.V1Namespace | undefined
    if (namespace) {
      remaining++
      if (!namespace.metadata?.deletionTimestamp && (await deps.kube.delete({ kind: 'Namespace', name: ns }))) {
        await audit('provisioning.namespace_deleted', `Namespace/${ns}`, {
          reason: 'allocation ended',
          endedAt: endedAt.toISOString(),
        })
      }
    }
  } catch (error) {
    errors.push(asPlatformError(error, 'kubernetes'))
  }
  try {
    const buckets = [...(snapshot?.buckets ?? new Set(await deps.storage.listBuckets()))].filter((b) =>
      isProjectBucket(ns, b),
    )
    for (const bucket of buckets) {
      const emptied = await deps.storage.emptyBucket(bucket)
      if (emptied.retained > 0) {
        remaining++
        lockedUntilLater = true
        continue
      }
      if (await deps.storage.deleteBucket(bucket))
        await audit('provisioning.bucket_deleted', `Bucket/${bucket}`, { objectVersionsDeleted: emptied.deleted })
    }
    if (await deps.storage.deleteUser(ns, [S3_POLICY_NAME]))
      await audit('provisioning.identity_deleted', `Identity/${ns}`, {})
    await deps.db.s3Credential.updateMany({
      where: { projectId: loaded.intent.projectId, revokedAt: null },
      data: { revokedAt: now },
    })
  } catch (error) {
    errors.push(asPlatformError(error, 'storage'))
  }
  const error = errors[0] ?? null
  const done = !error && remaining === 0
  return {
    ...base,
    ok: done,
    phase: done ? 'deleted' : 'deleting',
    error,
    conditions: [
      {
        type: 'Ready',
        status: 'False',
        reason: done ? 'Deleted' : 'Deleting',
        message: done
          ? 'The namespace, buckets and identity were removed.'
          : lockedUntilLater
            ? 'Backup versions are still under object lock; the bucket is removed when the lock ends.'
            : 'Waiting for the namespace to finish terminating.',
      },
      { type: 'Progressing', status: done ? 'False' : 'True', reason: done ? 'Deleted' : 'Deleting', message: '' },
      error
        ? { type: 'Degraded', status: 'True', reason: reasonOf(error), message: error.message }
        : { type: 'Degraded', status: 'False', reason: 'AsExpected', message: '' },
    ],
    requeueAfterMs: done ? null : lockedUntilLater ? 3_600_000 : 5_000,
    ended: { endedAt, deleteAfter, deletedAt: done ? (loaded.status?.deletedAt ?? now) : null },
  }
}

function reasonOf(error: PlatformError): string {
  const system = error.system === 'kubernetes' ? 'Kubernetes' : 'Storage'
  switch (error.kind) {
    case 'unavailable':
      return `${system}Unavailable`
    case 'conflict':
      return `${system}Conflict`
    case 'invalid':
      return 'InvalidObject'
    case 'forbidden':
      return `${system}Forbidden`
    case 'not_found':
      return `${system}NotFound`
  }
}

function asPlatformError(error: unknown, system: 'kubernetes' | 'storage'): PlatformError {
  if (error instanceof PlatformError) return error
  return new PlatformError({
    system,
    kind: 'unavailable',
    status: null,
    operation: 'reconcile',
    message: error instanceof Error ? error.message : String(error),
    cause: error,
  })
}

async function moveRequests(
  deps: ReconcilerDeps,
  projectId: string,
  from: 'approved' | 'provisioning',
  action: 'start_provisioning' | 'mark_active',
  now: Date,
): Promise<void> {
  const requests = await deps.db.quotaRequest.findMany({
    where: { projectId, state: from },
    select: { id: true },
    orderBy: { number: 'asc' },
  })
  for (const request of requests) {
    await actOnRequest(deps.db, {
      requestId: request.id,
      action,
      actor: SYSTEM_ACTOR,
      policy: deps.policy ?? DEFAULT_APPROVAL_POLICY,
      now,
    })
  }
}

async function agencyIdOf(db: Db, projectId: string): Promise<string | null> {
  return (await db.project.findUnique({ where: { id: projectId }, select: { agencyId: true } }))?.agencyId ?? null
}

function conditionsWithTimes(previous: readonly Condition[], next: PassResult['conditions'], now: Date): Condition[] {
  return next.map((c) => {
    const before = previous.find((p) => p.type === c.type)
    return {
      ...c,
      lastTransitionTime: before && before.status === c.status ? before.lastTransitionTime : now.toISOString(),
    }
  })
}

/** A ProvisioningStatus row as written (JSON-ready). */
export interface StatusRow {
  projectId: string
  phase: string
  conditions: Condition[]
  generation: number
  desiredHash: string | null
  observed: boolean
  observedHash: string | null
  lastReconciledAt: string
  lastSucceededAt: string | null
  lastError: string | null
  lastWrites: number
  driftDetected: boolean
  lastDriftAt: string | null
  details: unknown
  endedAt: string | null
  deleteAfter: string | null
  deletedAt: string | null
}

function statusRow(loaded: LoadedProject, pass: PassResult, writes: number, now: Date): StatusRow {
  const previous: StoredStatus | null = loaded.status
  const hashChanged = pass.hash !== null && pass.hash !== previous?.desiredHash
  const generation = (previous?.generation ?? 0) + (hashChanged ? 1 : 0)
  const observed = pass.ok && pass.hash !== null
  const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null)
  return {
    projectId: loaded.intent.projectId,
    phase: pass.phase,
    conditions: conditionsWithTimes(previous?.conditions ?? [], pass.conditions, now),
    generation,
    desiredHash: pass.hash ?? previous?.desiredHash ?? null,
    observed,
    observedHash: observed ? pass.hash : null,
    lastReconciledAt: now.toISOString(),
    lastSucceededAt: pass.ok ? now.toISOString() : null,
    lastError: pass.error?.message ?? null,
    lastWrites: writes,
    driftDetected: pass.drift.length > 0,
    lastDriftAt: pass.drift.length > 0 ? now.toISOString() : null,
    details: JSON.parse(JSON.stringify(pass.details, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))),
    endedAt: iso(pass.ended?.endedAt),
    deleteAfter: iso(pass.ended?.deleteAfter),
    deletedAt: iso(pass.ended?.deletedAt),
  }
}

/** Status rows in one statement (an upsert from a JSON array): one per pass, or one per batch. */
export async function writeStatuses(db: Db, rows: readonly StatusRow[]): Promise<void> {
  if (rows.length === 0) return
  await db.$executeRaw`
    INSERT INTO "ProvisioningStatus" ("projectId", "phase", "conditions", "generation", "desiredHash", "observedGeneration", "observedHash",
      "lastReconciledAt", "lastSucceededAt", "lastError", "lastWrites", "driftDetected", "lastDriftAt", "details", "endedAt", "deleteAfter", "deletedAt", "updatedAt")
    SELECT r."projectId"::uuid, r."phase", r."conditions", r."generation", r."desiredHash", CASE WHEN r."observed" THEN r."generation" ELSE 0 END, r."observedHash",
      timezone('UTC', r."lastReconciledAt"), timezone('UTC', r."lastSucceededAt"), r."lastError", r."lastWrites", r."driftDetected", timezone('UTC', r."lastDriftAt"),
      r."details", timezone('UTC', r."endedAt"), timezone('UTC', r."deleteAfter"), timezone('UTC', r."deletedAt"), timezone('UTC', r."lastReconciledAt")
    FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS r("projectId" text, "phase" text, "conditions" jsonb, "generation" int, "desiredHash" text,
      "observed" boolean, "observedHash" text, "lastReconciledAt" timestamptz, "lastSucceededAt" timestamptz, "lastError" text, "lastWrites" int,
      "driftDetected" boolean, "lastDriftAt" timestamptz, "details" jsonb, "endedAt" timestamptz, "deleteAfter" timestamptz, "deletedAt" timestamptz)
    ON CONFLICT ("projectId") DO UPDATE SET
      "phase" = EXCLUDED."phase", "conditions" = EXCLUDED."conditions", "generation" = EXCLUDED."generation", "desiredHash" = EXCLUDED."desiredHash",
      "observedGeneration" = CASE WHEN EXCLUDED."observedHash" IS NOT NULL THEN EXCLUDED."observedGeneration" ELSE "ProvisioningStatus"."observedGeneration" END,
      "observedHash" = COALESCE(EXCLUDED."observedHash", "ProvisioningStatus"."observedHash"),
      "lastReconciledAt" = EXCLUDED."lastReconciledAt",
      "lastSucceededAt" = COALESCE(EXCLUDED."lastSucceededAt", "ProvisioningStatus"."lastSucceededAt"),
      "lastError" = EXCLUDED."lastError", "lastWrites" = EXCLUDED."lastWrites", "driftDetected" = EXCLUDED."driftDetected",
      "lastDriftAt" = COALESCE(EXCLUDED."lastDriftAt", "ProvisioningStatus"."lastDriftAt"),
      "details" = EXCLUDED."details", "endedAt" = EXCLUDED."endedAt", "deleteAfter" = EXCLUDED."deleteAfter", "deletedAt" = EXCLUDED."deletedAt",
      "updatedAt" = EXCLUDED."updatedAt"`
}

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

/**
 * One pass over every tenant: a snapshot of the platform (a few list calls), then only the
 * projects that differ are reconciled, each under its tenant lease (a running job row), so a
 * replica never works on a project another replica is working on.
 */
export async function reconcileAll(
  deps: ReconcilerDeps & { leaseHolder: string },
  options: { concurrency?: number; projectIds?: readonly string[]; leaseMs?: number } = {},
): Promise<PassSummary> {
  const started = Date.now()
  const settings = deps.settings ?? DEFAULT_SETTINGS
  const projects = await loadProjects(deps.db, options.projectIds)
  const snapshot = await snapshotPlatform(
    deps.kube,
    deps.storage,
    options.projectIds ? projects.map((p) => p.intent.namespace) : undefined,
    options.concurrency,
  )
  const writesBefore = deps.kube.counters.writes + deps.storage.counters.writes
  await recordQuotaUsage(deps.db, projects, snapshot, new Date())
  const synced: string[] = []
  // Kubernetes as wanted but buckets to read; everything else to reconcile.
  const work: { project: LoadedProject; checkStorageFirst: boolean }[] = []
  let stopped = 0
  for (const project of projects) {
    if (isStopped(project, settings)) stopped++
    else if (!inSync(project, snapshot, settings)) work.push({ project, checkStorageFirst: false })
    else if (isLive(project.intent) && desiredState(project.intent, settings).buckets.length > 0)
      work.push({ project, checkStorageFirst: true })
    else synced.push(project.intent.projectId)
  }
  let failed = 0
  let skippedBusy = 0
  let reconciled = 0
  let drift = 0
  const concurrency = Math.max(1, options.concurrency ?? 16)
  const leaseMs = options.leaseMs ?? 60_000
  // Bucket checks (reads only) first; what differs joins the projects to reconcile.
  const toReconcile = work.filter((w) => !w.checkStorageFirst).map((w) => w.project)
  const toCheck = work.filter((w) => w.checkStorageFirst).map((w) => w.project)
  await eachConcurrently(toCheck, concurrency, async (project) => {
    try {
      if (await storageInSync(deps.storage, project, settings)) {
        synced.push(project.intent.projectId)
        return
      }
    } catch {
      // Unreachable storage: the reconcile records it in the status.
    }
    toReconcile.push(project)
  })
  // Projects are leased, reconciled and recorded in batches: one statement leases a batch, one
  // writes its statuses, one releases it, so the database costs little per project.
  const batch = concurrency * 4
  for (let i = 0; i < toReconcile.length; i += batch) {
    const chunk = toReconcile.slice(i, i + batch)
    const leases = await takeLeases(
      deps.db,
      chunk.map((p) => p.intent.projectId),
      deps.leaseHolder,
      leaseMs,
    )
    const statuses: StatusRow[] = []
    try {
      await eachConcurrently(chunk, concurrency, async (project) => {
        if (!leases.has(project.intent.projectId)) {
          skippedBusy++
          return
        }
        reconciled++
        try {
          const outcome = await reconcileProject(deps, project.intent.projectId, {
            snapshot,
            loaded: project,
            statusSink: statuses,
          })
          if (outcome?.error) failed++
          drift += outcome?.drift.length ?? 0
        } catch {
          failed++
        }
      })
      await writeStatuses(deps.db, statuses)
    } finally {
      await releaseLeases(deps.db, [...leases.values()])
    }
  }
  // Projects already as wanted: one statement records that they were looked at.
  if (synced.length > 0) {
    await deps.db.provisioningStatus.updateMany({
      where: { projectId: { in: synced } },
      data: { lastReconciledAt: new Date(), lastWrites: 0, driftDetected: false },
    })
  }
  return {
    projects: projects.length,
    inSync: synced.length,
    stopped,
    reconciled,
    skippedBusy,
    failed,
    writes: deps.kube.counters.writes + deps.storage.counters.writes - writesBefore,
    drift,
    ms: Date.now() - started,
  }
}

export const RECONCILE_JOB = 'provisioning.reconcile'

/** Tenant leases: running job rows for the projects (unique per key while running); those taken. */
/**
 * What each live project uses, as its ResourceQuota in the snapshot reports it: one statement for
 * the whole pass (the snapshot is read anyway, so this costs no call to the platform).
 */
export async function recordQuotaUsage(
  db: Db,
  projects: readonly LoadedProject[],
  snapshot: PlatformSnapshot,
  observedAt: Date,
): Promise<number> {
  const ids: string[] = []
  const resources: string[] = []
  const amounts: string[] = []
  for (const { intent } of projects) {
    if (!isLive(intent)) continue
    const quota = snapshot.objects
      .get(intent.namespace)
      ?.find((o) => o.kind === 'ResourceQuota' && o.metadata?.name === OBJECT_NAMES.quota) as
      k8s.V1ResourceQuota | undefined
    for (const [resource, used] of usageFromQuota(quota?.status?.used)) {
      ids.push(intent.projectId)
      resources.push(resource)
      amounts.push(used.toString())
    }
  }
  if (ids.length === 0) return 0
  return db.$executeRaw`
    INSERT INTO "QuotaUsage" ("projectId", "resource", "used", "observedAt")
    SELECT u.id, u.resource, u.used, timezone('UTC', ${observedAt}::timestamptz)
      FROM unnest(${ids}::uuid[], ${resources}::text[], ${amounts}::bigint[]) AS u(id, resource, used)
    ON CONFLICT ("projectId", "resource") DO UPDATE SET "used" = EXCLUDED."used", "observedAt" = EXCLUDED."observedAt"`
}

async function takeLeases(
  db: Db,
  projectIds: readonly string[],
  holder: string,
  leaseMs: number,
): Promise<Map<string, bigint>> {
  if (projectIds.length === 0) return new Map()
  const rows = await db.$queryRaw<{ id: bigint; key: string }[]>`
    INSERT INTO "Job" ("kind", "key", "payload", "state", "attempts", "runAt", "lockedBy", "lockedUntil", "createdAt", "updatedAt")
    SELECT ${RECONCILE_JOB}, k, '{"reason":"periodic"}'::jsonb, 'running', 1, timezone('UTC', now()), ${holder},
           timezone('UTC', now()) + ${leaseMs} * interval '1 millisecond', timezone('UTC', now()), timezone('UTC', now())
    FROM unnest(${[...projectIds]}::text[]) AS k
    ON CONFLICT ("kind", "key") WHERE "state" = 'running' DO NOTHING
    RETURNING "id", "key"`
  return new Map(rows.map((r) => [r.key, r.id]))
}

async function releaseLeases(db: Db, ids: readonly bigint[]): Promise<void> {
  if (ids.length === 0) return
  await db.$executeRaw`
    UPDATE "Job" SET "state" = 'done', "finishedAt" = timezone('UTC', now()), "updatedAt" = timezone('UTC', now()), "lockedUntil" = NULL
    WHERE "id" = ANY(${[...ids]}::bigint[])`
}

async function eachConcurrently<T>(
  items: readonly T[],
  concurrency: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) await work(items[next++]!)
    }),
  )
}
