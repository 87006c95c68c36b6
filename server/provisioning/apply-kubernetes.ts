// The live pass, Kubernetes side: diff the project's objects against what the cluster has, apply
// what differs (the Namespace first, then the rest at once), strip quota keys someone else added,
// delete objects of ours that the desired set no longer names, and remove NetworkPolicies someone
// else left that admit more than the project. Only in a namespace the console made for this
// project (decision 0034).
import type * as k8s from '@kubernetes/client-node'
import { PlatformError } from '../platform/errors'
import { refKey, refOf, type DesiredObject, type ManagedKind, type ManagedObject } from '../platform/kubernetes/objects'
import type { KubernetesPlatform } from '../platform/kubernetes/platform'
import { diffObject, foreignQuotaKeys, needsReplacement, quotaBelowUsage } from './compare'
import { LABELS, type DesiredState, type ProvisioningSettings } from './desired'
import { DNS_NAMESPACE } from './desired/network-policies'
import { beyondBoundary } from './network-boundary'
import { namespaceOwnership, notOwnedError } from './ownership'
import { asPlatformError, type LiveFindings } from './pass-result'
import { indexObjects, namespaceContents, namespaceObject, type PlatformSnapshot } from './snapshot'

/** `converged`: this intent was made right once, so a difference found now is drift. */
export async function applyKubernetes(
  kube: KubernetesPlatform,
  desired: DesiredState,
  found: LiveFindings,
  options: { converged: boolean; settings: ProvisioningSettings; snapshot?: PlatformSnapshot },
): Promise<void> {
  const { converged, settings, snapshot } = options
  try {
    const contents = await namespaceContents(kube, desired.namespace, snapshot)
    const { projectId, namespace } = desired
    const owner = namespaceOwnership(projectId, namespace, namespaceObject(contents), settings.reservedNamespaces)
    if (owner !== 'ours' && owner !== 'absent') throw notOwnedError('kubernetes', `Namespace ${namespace}`, owner)
    const actual = indexObjects(contents.ours)
    refuseWhileTerminating(actual, namespace)
    await applyObjects(kube, objectsToApply(desired, actual, found, converged), actual, found)
    await deleteUnwanted(kube, desired, actual, found, converged)
    await removeWideningPolicies(kube, namespace, contents.unlabelled, settings, found)
  } catch (error) {
    found.errors.push(asPlatformError(error, 'kubernetes'))
  }
}

/**
 * NetworkPolicies the console did not make that admit more than the project (made before the
 * admission policy, or while it was off): drift, removed. Those inside the project's boundary are
 * the agency's own and stay (they can only allow what the console's policies already allow).
 */
async function removeWideningPolicies(
  kube: KubernetesPlatform,
  namespace: string,
  unlabelled: readonly ManagedObject[],
  settings: ProvisioningSettings,
  found: LiveFindings,
): Promise<void> {
  const boundary = { namespace, ingressNamespace: settings.ingressNamespace, dnsNamespace: DNS_NAMESPACE }
  for (const object of unlabelled) {
    if (object.kind !== 'NetworkPolicy') continue
    const fields = beyondBoundary(object as k8s.V1NetworkPolicy, boundary)
    if (fields.length === 0) continue
    const name = object.metadata?.name ?? ''
    await kube.delete({ kind: 'NetworkPolicy', namespace, name })
    found.drift.push({
      target: `NetworkPolicy/${name}`,
      fields: ['(not the console’s, admits beyond the project)', ...fields],
    })
  }
}

function refuseWhileTerminating(actual: ReadonlyMap<string, ManagedObject>, namespace: string): void {
  const existing = actual.get(refKey({ kind: 'Namespace', name: namespace })) as k8s.V1Namespace | undefined
  if (existing?.metadata?.deletionTimestamp) {
    throw new PlatformError({
      system: 'kubernetes',
      kind: 'conflict',
      status: 409,
      operation: `apply Namespace ${namespace}`,
      message: 'the namespace is still being deleted',
    })
  }
}

/** The desired objects that differ from the cluster's, in order; notes drift and quota below use. */
function objectsToApply(
  desired: DesiredState,
  actual: ReadonlyMap<string, ManagedObject>,
  found: LiveFindings,
  converged: boolean,
): DesiredObject[] {
  const todo: DesiredObject[] = []
  for (const object of desired.objects) {
    const have = actual.get(refKey(refOf(object))) ?? null
    const fields = diffObject(object, have)
    if (fields.length === 0) continue
    todo.push(object)
    if (converged) found.drift.push({ target: `${object.kind}/${object.metadata.name}`, fields })
    if (object.kind === 'ResourceQuota') found.belowUsage = quotaBelowUsage(object, have)
  }
  return todo
}

/** The Namespace first (the rest lives in it), then everything else at once. */
async function applyObjects(
  kube: KubernetesPlatform,
  todo: readonly DesiredObject[],
  actual: ReadonlyMap<string, ManagedObject>,
  found: LiveFindings,
): Promise<void> {
  const [first, ...rest] = todo
  if (first?.kind === 'Namespace') {
    await kube.apply(first)
    found.applied.push('Namespace')
  }
  const others = first?.kind === 'Namespace' ? rest : todo
  const results = await Promise.allSettled(
    others.map(async (object) => {
      const have = actual.get(refKey(refOf(object))) ?? null
      // The agency is without the binding for the moment between the two calls.
      if (needsReplacement(object, have)) await kube.delete(refOf(object))
      await kube.apply(object)
      const foreign = foreignQuotaKeys(object, have)
      if (foreign.length > 0) await kube.removeQuotaKeys(refOf(object), foreign)
      found.applied.push(`${object.kind}/${object.metadata.name}`)
    }),
  )
  for (const r of results) if (r.status === 'rejected') found.errors.push(asPlatformError(r.reason, 'kubernetes'))
}

/** Objects of ours that the desired set no longer names (a renamed policy, say): removed. */
async function deleteUnwanted(
  kube: KubernetesPlatform,
  desired: DesiredState,
  actual: ReadonlyMap<string, ManagedObject>,
  found: LiveFindings,
  converged: boolean,
): Promise<void> {
  const wanted = new Set(desired.objects.map((o) => refKey(refOf(o))))
  for (const [key, object] of actual) {
    if (wanted.has(key) || object.kind === 'Namespace') continue
    if (object.metadata?.labels?.[LABELS.projectId] !== desired.projectId) continue
    await kube.delete({
      kind: object.kind as ManagedKind,
      namespace: object.metadata?.namespace,
      name: object.metadata?.name ?? '',
    })
    if (converged) found.drift.push({ target: `${object.kind}/${object.metadata?.name}`, fields: ['(not wanted)'] })
  }
}
