// The live pass, Kubernetes side: diff the project's objects against what the cluster has, apply
// what differs (the Namespace first, then the rest at once), strip quota keys someone else added,
// and delete objects of ours that the desired set no longer names.
import type * as k8s from '@kubernetes/client-node'
import { PlatformError } from '../platform/errors'
import { refKey, refOf, type DesiredObject, type ManagedKind, type ManagedObject } from '../platform/kubernetes/objects'
import type { KubernetesPlatform } from '../platform/kubernetes/platform'
import { diffObject, foreignQuotaKeys, needsReplacement, quotaBelowUsage } from './compare'
import { LABELS, type DesiredState } from './desired'
import { asPlatformError, type LiveFindings } from './pass-result'
import { indexObjects, namespaceObjects, type PlatformSnapshot } from './snapshot'

/** `converged`: this intent was made right once, so a difference found now is drift. */
export async function applyKubernetes(
  kube: KubernetesPlatform,
  desired: DesiredState,
  found: LiveFindings,
  converged: boolean,
  snapshot?: PlatformSnapshot,
): Promise<void> {
  try {
    const actual = indexObjects(await namespaceObjects(kube, desired.namespace, snapshot))
    refuseWhileTerminating(actual, desired.namespace)
    await applyObjects(kube, objectsToApply(desired, actual, found, converged), actual, found)
    await deleteUnwanted(kube, desired, actual, found, converged)
  } catch (error) {
    found.errors.push(asPlatformError(error, 'kubernetes'))
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
