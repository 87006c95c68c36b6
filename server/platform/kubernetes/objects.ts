import type * as k8s from '@kubernetes/client-node'

/** The kinds the console creates for a project, in the order they are applied. */
export const MANAGED_KINDS = ['Namespace', 'ResourceQuota', 'LimitRange', 'NetworkPolicy', 'RoleBinding'] as const
export type ManagedKind = (typeof MANAGED_KINDS)[number]

export interface ManagedObjectMap {
  Namespace: k8s.V1Namespace
  ResourceQuota: k8s.V1ResourceQuota
  LimitRange: k8s.V1LimitRange
  NetworkPolicy: k8s.V1NetworkPolicy
  RoleBinding: k8s.V1RoleBinding
}

/** An object as the console wants it: typed by the library's model, with kind and name set. */
export type DesiredObject = {
  [K in ManagedKind]: ManagedObjectMap[K] & {
    apiVersion: string
    kind: K
    metadata: k8s.V1ObjectMeta & { name: string }
  }
}[ManagedKind]

export type ManagedObject = ManagedObjectMap[ManagedKind]

export interface ObjectRef {
  readonly kind: ManagedKind
  /** Absent for the Namespace itself. */
  readonly namespace?: string
  readonly name: string
}

export function refOf(object: DesiredObject): ObjectRef {
  return { kind: object.kind, namespace: object.metadata.namespace, name: object.metadata.name }
}

export function refKey(ref: ObjectRef): string {
  return `${ref.kind}/${ref.namespace ?? ''}/${ref.name}`
}
