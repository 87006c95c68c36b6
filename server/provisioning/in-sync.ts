// Deciding, before any write, whether a project needs a pass at all: from the snapshot alone
// (Kubernetes, bucket names), then from reads of its bucket settings and identity policy.
import type * as k8s from '@kubernetes/client-node'
import type { ObjectStorage } from '../platform/storage/object-storage'
import { refKey, refOf } from '../platform/kubernetes/objects'
import { diffBucket, diffObject, samePolicy } from './compare'
import { S3_POLICY_NAME, desiredState, isLive, type ProvisioningSettings } from './desired'
import type { Condition, LoadedProject } from './intent'
import { DNS_NAMESPACE } from './desired/network-policies'
import { beyondBoundary } from './network-boundary'
import { ownerOf } from './ownership'
import { indexObjects, type PlatformSnapshot } from './snapshot'

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
  if (wideningPolicies(snapshot, desired.namespace, settings)) return false
  // Buckets: present by name here; their settings need reads of their own (storageInSync).
  if (snapshot.buckets) for (const bucket of desired.buckets) if (!snapshot.buckets.has(bucket.name)) return false
  return true
}

/**
 * A terminal failure (the platform refused the object itself) stops until the desired state
 * changes (a decision, a merger) or an operator queues the project again: the periodic pass skips it.
 * A refusal of the console's own rights (401/403) does not stop it: what mends it is on the
 * platform's side (the console's role, its credentials) and changes nothing in the desired state,
 * and an API server that has just started again refuses everyone for a moment while its
 * authoriser loads (found by tests/integration/faults/apiserver-restart.test.ts, decision 0071).
 */
export function isStopped(project: LoadedProject, settings: ProvisioningSettings): boolean {
  const status = project.status
  return (
    isLive(project.intent) &&
    status?.phase === 'failed' &&
    !refusedOwnRights(status.conditions) &&
    status.desiredHash === desiredState(project.intent, settings).hash
  )
}

/** Whether the pass failed on the platform refusing the console's own rights (…Forbidden). */
function refusedOwnRights(conditions: readonly Condition[]): boolean {
  return conditions.some((c) => c.type === 'Degraded' && c.status === 'True' && c.reason.endsWith('Forbidden'))
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
    if (ownerOf(await storage.readBucketTags(bucket.name), desired.projectId) !== 'ours') return false
  }
  if (
    desired.identity &&
    !samePolicy(desired.identity.policy, await storage.getUserPolicy(desired.identity.user, S3_POLICY_NAME))
  )
    return false
  return true
}

/** Whether someone else left a NetworkPolicy in the namespace that admits more than the project. */
function wideningPolicies(snapshot: PlatformSnapshot, namespace: string, settings: ProvisioningSettings): boolean {
  const boundary = { namespace, ingressNamespace: settings.ingressNamespace, dnsNamespace: DNS_NAMESPACE }
  return (snapshot.unlabelled.get(namespace) ?? []).some(
    (o) => o.kind === 'NetworkPolicy' && beyondBoundary(o as k8s.V1NetworkPolicy, boundary).length > 0,
  )
}
