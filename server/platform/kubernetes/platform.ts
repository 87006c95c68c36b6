import * as k8s from '@kubernetes/client-node'
// Not re-exported by the package's index: the generated (de)serializer between the library's
// models (`_default`, `_from`) and the API's JSON (`default`, `from`). Apply bodies are sent as
// `any`, so they must be in the API's shape already.
import { ObjectSerializer } from '@kubernetes/client-node/dist/gen/models/ObjectSerializer.js'
import { toPlatformError } from './api-errors'
import { FIELD_MANAGER, type KubernetesConnection } from './connection'
import { kindOperations, type KindOps, type ListResult } from './kind-operations'
import type { DesiredObject, ManagedKind, ManagedObject, ObjectRef } from './objects'

/** What the reconciler needs from Kubernetes, and nothing more. */
export interface KubernetesPlatform {
  /** Server-side apply under the console's field manager, taking over fields we own (force). */
  apply(object: DesiredObject): Promise<ManagedObject>
  /** The object, or null when it does not exist. */
  read(ref: ObjectRef): Promise<ManagedObject | null>
  /** Every object of a kind (in a namespace, or cluster-wide), optionally by label selector; pages through. */
  list(
    kind: ManagedKind,
    options?: { namespace?: string; labelSelector?: string; pageSize?: number },
  ): Promise<ManagedObject[]>
  /**
   * Removes keys of a ResourceQuota's `spec.hard` that another manager added (JSON merge patch with
   * nulls): server-side apply only removes fields its own manager owned.
   */
  removeQuotaKeys(ref: ObjectRef, keys: readonly string[]): Promise<void>
  /** Deletes the object; false when it was already gone. */
  delete(ref: ObjectRef): Promise<boolean>
  /** Calls made so far, by kind of call: the reliability tests count writes. */
  readonly counters: { reads: number; writes: number }
}

const MODEL_TYPES: Record<ManagedKind, string> = {
  Namespace: 'V1Namespace',
  ResourceQuota: 'V1ResourceQuota',
  LimitRange: 'V1LimitRange',
  NetworkPolicy: 'V1NetworkPolicy',
  RoleBinding: 'V1RoleBinding',
}

/** What every call below works with: the connection, its calls by kind, the call counters. */
interface Api {
  readonly connection: KubernetesConnection
  readonly ops: Record<ManagedKind, KindOps>
  readonly counters: { reads: number; writes: number }
}

export function kubernetesPlatform(connection: KubernetesConnection): KubernetesPlatform {
  const api: Api = { connection, ops: kindOperations(connection), counters: { reads: 0, writes: 0 } }
  return {
    counters: api.counters,
    apply: (object) => applyObject(api, object),
    read: (ref) => readObject(api, ref),
    list: (kind, options) => listObjects(api, kind, options),
    removeQuotaKeys: (ref, keys) => removeQuotaKeys(api, ref, keys),
    delete: (ref) => deleteObject(api, ref),
  }
}

const describe = (verb: string, ref: { kind: string; namespace?: string; name?: string }) =>
  `${verb} ${ref.kind} ${ref.namespace ? `${ref.namespace}/` : ''}${ref.name ?? ''}`.trim()

async function applyObject(api: Api, object: DesiredObject): Promise<ManagedObject> {
  api.counters.writes++
  const { name, namespace = '' } = object.metadata
  try {
    const wire = ObjectSerializer.serialize(object, MODEL_TYPES[object.kind], '') as DesiredObject
    return await api.ops[object.kind].apply(name, namespace, wire)
  } catch (error) {
    throw toPlatformError(error, describe('apply', { kind: object.kind, namespace, name }))
  }
}

async function readObject(api: Api, ref: ObjectRef): Promise<ManagedObject | null> {
  api.counters.reads++
  try {
    return await api.ops[ref.kind].read(ref.name, ref.namespace ?? '')
  } catch (error) {
    const failure = toPlatformError(error, describe('read', ref))
    if (failure.kind === 'not_found') return null
    throw failure
  }
}

async function listObjects(
  api: Api,
  kind: ManagedKind,
  options: { namespace?: string; labelSelector?: string; pageSize?: number } = {},
): Promise<ManagedObject[]> {
  const { namespace, labelSelector, pageSize = 500 } = options
  const items: ManagedObject[] = []
  let cont: string | undefined
  do {
    api.counters.reads++
    let page: ListResult
    try {
      page = namespace
        ? await api.ops[kind].listIn(namespace, labelSelector, pageSize, cont)
        : await api.ops[kind].listAll(labelSelector, pageSize, cont)
    } catch (error) {
      throw toPlatformError(error, describe('list', { kind, namespace }))
    }
    items.push(...page.items)
    cont = page.metadata?._continue || undefined
  } while (cont)
  return items
}

async function removeQuotaKeys(api: Api, ref: ObjectRef, keys: readonly string[]): Promise<void> {
  if (ref.kind !== 'ResourceQuota' || keys.length === 0) return
  api.counters.writes++
  try {
    await api.connection.core.patchNamespacedResourceQuota(
      {
        name: ref.name,
        namespace: ref.namespace ?? '',
        body: { spec: { hard: Object.fromEntries(keys.map((k) => [k, null])) } },
        fieldManager: FIELD_MANAGER,
      },
      k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch, api.connection.options),
    )
  } catch (error) {
    throw toPlatformError(error, describe('remove foreign quota keys from', ref))
  }
}

async function deleteObject(api: Api, ref: ObjectRef): Promise<boolean> {
  api.counters.writes++
  try {
    await api.ops[ref.kind].remove(ref.name, ref.namespace ?? '')
    return true
  } catch (error) {
    const failure = toPlatformError(error, describe('delete', ref))
    if (failure.kind === 'not_found') return false
    throw failure
  }
}
