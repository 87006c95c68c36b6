// The pass for a project whose allocation is active: compute what it should have, make
// Kubernetes and the object storage match, and say how it went.
import { isReservedName } from '../domain/reserved-names'
import { applyBackups } from './apply-backups'
import { applyKubernetes } from './apply-kubernetes'
import { applyStorage } from './apply-storage'
import { liveConditions } from './conditions'
import { DEFAULT_SETTINGS, desiredState, type DesiredState } from './desired'
import type { LoadedProject } from './intent'
import { notOwnedError } from './ownership'
import type { LiveFindings, PassResult } from './pass-result'
import type { ReconcilerDeps } from './reconcile'
import type { PlatformSnapshot } from './snapshot'

export async function reconcileLive(
  deps: ReconcilerDeps,
  loaded: LoadedProject,
  snapshot?: PlatformSnapshot,
): Promise<PassResult> {
  const settings = deps.settings ?? DEFAULT_SETTINGS
  const desired = desiredState(loaded.intent, settings)
  // Drift is a difference on something this same intent already made right once.
  const converged = loaded.status?.observedHash === desired.hash && loaded.status.deletedAt === null
  const found: LiveFindings = {
    drift: [],
    errors: [],
    notes: [...desired.notes],
    applied: [],
    buckets: [],
    belowUsage: [],
  }
  // A name the platform keeps: nothing is made, neither the namespace nor buckets named after it.
  if (isReservedName(desired.namespace, settings.reservedNamespaces)) {
    found.errors.push(notOwnedError('kubernetes', `Namespace ${desired.namespace}`, 'reserved'))
  } else {
    await applyKubernetes(deps.kube, desired, found, { converged, settings, snapshot })
    await applyStorage(deps.storage, desired, found, { converged, recorded: recordedBuckets(loaded), snapshot })
    if (deps.velero) await applyBackups(deps.velero, deps.storage, loaded.intent, settings, found)
  }
  // A terminal error decides what the status says: retrying the others would not help.
  const error = found.errors.find((e) => !e.retryable) ?? found.errors[0] ?? null
  return {
    ok: error === null,
    phase: error ? (error.retryable ? 'degraded' : 'failed') : 'ready',
    hash: desired.hash,
    conditions: liveConditions(desired, found, error),
    drift: found.drift,
    error,
    details: liveDetails(desired, found),
    requeueAfterMs: null,
  }
}

/** What the project page shows of the pass. */
function liveDetails(desired: DesiredState, found: LiveFindings): Record<string, unknown> {
  return {
    namespace: desired.namespace,
    objects: desired.objects.map((o) => `${o.kind}/${o.metadata.name}`),
    buckets: found.buckets,
    identity: desired.identity?.user ?? null,
    quotaBelowUsage: found.belowUsage,
    postureNotes: found.notes,
  }
}

/** The buckets the project's last live pass listed as its own (status details). */
function recordedBuckets(loaded: LoadedProject): ReadonlySet<string> {
  const listed = loaded.status?.details['buckets']
  if (!Array.isArray(listed)) return new Set()
  return new Set(
    listed.map((b: unknown) => (b as { name?: unknown })?.name).filter((n): n is string => typeof n === 'string'),
  )
}
