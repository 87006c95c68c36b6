import * as k8s from '@kubernetes/client-node'
// Not re-exported by the package's index: the generated (de)serializer between the library's
// models (`_default`, `_from`) and the API's JSON (`default`, `from`). Apply bodies are sent as
// `any`, so they must be in the API's shape already.
import { ObjectSerializer } from '@kubernetes/client-node/dist/gen/models/ObjectSerializer.js'
import { PlatformError, describeTransportError, kindForStatus } from '../errors'
import { FIELD_MANAGER, type KubernetesConnection } from './connection'
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

type ListResult = { items: ManagedObject[]; metadata?: { _continue?: string } }

interface KindOps {
  apply(name: string, namespace: string, body: DesiredObject): Promise<ManagedObject>
  read(name: string, namespace: string): Promise<ManagedObject>
  listAll(labelSelector: string | undefined, limit: number, cont: string | undefined): Promise<ListResult>
  listIn(
    namespace: string,
    labelSelector: string | undefined,
    limit: number,
    cont: string | undefined,
  ): Promise<ListResult>
  remove(name: string, namespace: string): Promise<unknown>
}

export function kubernetesPlatform(connection: KubernetesConnection): KubernetesPlatform {
  const { core, networking, rbac, options, applyOptions } = connection
  const apply = { fieldManager: FIELD_MANAGER, force: true }
  const background = { propagationPolicy: 'Background' }
  const ops: Record<ManagedKind, KindOps> = {
    Namespace: {
      apply: (name, _ns, body) => core.patchNamespace({ name, body, ...apply }, applyOptions),
      read: (name) => core.readNamespace({ name }, options),
      listAll: (labelSelector, limit, _continue) => core.listNamespace({ labelSelector, limit, _continue }, options),
      listIn: (_ns, labelSelector, limit, _continue) =>
        core.listNamespace({ labelSelector, limit, _continue }, options),
      remove: (name) => core.deleteNamespace({ name, ...background }, options),
    },
    ResourceQuota: {
      apply: (name, namespace, body) =>
        core.patchNamespacedResourceQuota({ name, namespace, body, ...apply }, applyOptions),
      read: (name, namespace) => core.readNamespacedResourceQuota({ name, namespace }, options),
      listAll: (labelSelector, limit, _continue) =>
        core.listResourceQuotaForAllNamespaces({ labelSelector, limit, _continue }, options),
      listIn: (namespace, labelSelector, limit, _continue) =>
        core.listNamespacedResourceQuota({ namespace, labelSelector, limit, _continue }, options),
      remove: (name, namespace) => core.deleteNamespacedResourceQuota({ name, namespace }, options),
    },
    LimitRange: {
      apply: (name, namespace, body) =>
        core.patchNamespacedLimitRange({ name, namespace, body, ...apply }, applyOptions),
      read: (name, namespace) => core.readNamespacedLimitRange({ name, namespace }, options),
      listAll: (labelSelector, limit, _continue) =>
        core.listLimitRangeForAllNamespaces({ labelSelector, limit, _continue }, options),
      listIn: (namespace, labelSelector, limit, _continue) =>
        core.listNamespacedLimitRange({ namespace, labelSelector, limit, _continue }, options),
      remove: (name, namespace) => core.deleteNamespacedLimitRange({ name, namespace }, options),
    },
    NetworkPolicy: {
      apply: (name, namespace, body) =>
        networking.patchNamespacedNetworkPolicy({ name, namespace, body, ...apply }, applyOptions),
      read: (name, namespace) => networking.readNamespacedNetworkPolicy({ name, namespace }, options),
      listAll: (labelSelector, limit, _continue) =>
        networking.listNetworkPolicyForAllNamespaces({ labelSelector, limit, _continue }, options),
      listIn: (namespace, labelSelector, limit, _continue) =>
        networking.listNamespacedNetworkPolicy({ namespace, labelSelector, limit, _continue }, options),
      remove: (name, namespace) => networking.deleteNamespacedNetworkPolicy({ name, namespace }, options),
    },
    RoleBinding: {
      apply: (name, namespace, body) =>
        rbac.patchNamespacedRoleBinding({ name, namespace, body, ...apply }, applyOptions),
      read: (name, namespace) => rbac.readNamespacedRoleBinding({ name, namespace }, options),
      listAll: (labelSelector, limit, _continue) =>
        rbac.listRoleBindingForAllNamespaces({ labelSelector, limit, _continue }, options),
      listIn: (namespace, labelSelector, limit, _continue) =>
        rbac.listNamespacedRoleBinding({ namespace, labelSelector, limit, _continue }, options),
      remove: (name, namespace) => rbac.deleteNamespacedRoleBinding({ name, namespace }, options),
    },
  }

  const counters = { reads: 0, writes: 0 }
  const describe = (verb: string, ref: { kind: string; namespace?: string; name?: string }) =>
    `${verb} ${ref.kind} ${ref.namespace ? `${ref.namespace}/` : ''}${ref.name ?? ''}`.trim()

  return {
    counters,
    async apply(object) {
      counters.writes++
      const { name, namespace = '' } = object.metadata
      try {
        const wire = ObjectSerializer.serialize(object, MODEL_TYPES[object.kind], '') as DesiredObject
        return await ops[object.kind].apply(name, namespace, wire)
      } catch (error) {
        throw toPlatformError(error, describe('apply', { kind: object.kind, namespace, name }))
      }
    },
    async read(ref) {
      counters.reads++
      try {
        return await ops[ref.kind].read(ref.name, ref.namespace ?? '')
      } catch (error) {
        const failure = toPlatformError(error, describe('read', ref))
        if (failure.kind === 'not_found') return null
        throw failure
      }
    },
    async list(kind, listOptions = {}) {
      const items: ManagedObject[] = []
      let cont: string | undefined
      do {
        counters.reads++
        let page: ListResult
        try {
          page = listOptions.namespace
            ? await ops[kind].listIn(
                listOptions.namespace,
                listOptions.labelSelector,
                listOptions.pageSize ?? 500,
                cont,
              )
            : await ops[kind].listAll(listOptions.labelSelector, listOptions.pageSize ?? 500, cont)
        } catch (error) {
          throw toPlatformError(error, describe('list', { kind, namespace: listOptions.namespace }))
        }
        items.push(...page.items)
        cont = page.metadata?._continue || undefined
      } while (cont)
      return items
    },
    async removeQuotaKeys(ref, keys) {
      if (ref.kind !== 'ResourceQuota' || keys.length === 0) return
      counters.writes++
      try {
        await core.patchNamespacedResourceQuota(
          {
            name: ref.name,
            namespace: ref.namespace ?? '',
            body: { spec: { hard: Object.fromEntries(keys.map((k) => [k, null])) } },
            fieldManager: FIELD_MANAGER,
          },
          k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch, options),
        )
      } catch (error) {
        throw toPlatformError(error, describe('remove foreign quota keys from', ref))
      }
    },
    async delete(ref) {
      counters.writes++
      try {
        await ops[ref.kind].remove(ref.name, ref.namespace ?? '')
        return true
      } catch (error) {
        const failure = toPlatformError(error, describe('delete', ref))
        if (failure.kind === 'not_found') return false
        throw failure
      }
    },
  }
}

/** The API server's answer (or the lack of one) as a PlatformError. */
export function toPlatformError(error: unknown, operation: string): PlatformError {
  if (error instanceof PlatformError) return error
  if (error instanceof k8s.ApiException) {
    const status = Number(error.code)
    return new PlatformError({
      system: 'kubernetes',
      kind: kindForStatus(status),
      status,
      operation,
      message: statusMessage(error.body) ?? `HTTP ${status}`,
      cause: error,
    })
  }
  return new PlatformError({
    system: 'kubernetes',
    kind: 'unavailable',
    status: null,
    operation,
    message: describeTransportError(error),
    cause: error,
  })
}

function statusMessage(body: unknown): string | undefined {
  let value: unknown = body
  if (typeof body === 'string') {
    try {
      value = JSON.parse(body)
    } catch {
      return body.slice(0, 500)
    }
  }
  const message = (value as { message?: unknown } | null)?.message
  return typeof message === 'string' ? message : undefined
}
