// The client library's call for each verb on each kind the console manages, in one table: the
// platform (platform.ts) works on any managed kind through it.
import type { KubernetesConnection } from './connection'
import { FIELD_MANAGER } from './connection'
import type { DesiredObject, ManagedKind, ManagedObject } from './objects'

export type ListResult = { items: ManagedObject[]; metadata?: { _continue?: string } }

export interface KindOps {
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

export function kindOperations(connection: KubernetesConnection): Record<ManagedKind, KindOps> {
  const { core, networking, rbac, options, applyOptions } = connection
  const apply = { fieldManager: FIELD_MANAGER, force: true }
  const background = { propagationPolicy: 'Background' }
  return {
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
}
