// The names, labels and annotations the console puts on what it makes: how it finds its own
// objects again (MANAGED_SELECTOR) and how a person reading the cluster finds the project.
import type * as k8s from '@kubernetes/client-node'
import { FIELD_MANAGER } from '../../platform/kubernetes/connection'
import { ANNOTATIONS as OWNERSHIP_ANNOTATIONS, LABELS, managedSelector } from '../../domain/ownership-labels'
import { AGENCY_GROUPS_ANNOTATION } from '../../security/rules'
import type { ProjectIntent } from './model'

export { LABELS }
export const ANNOTATIONS = {
  ...OWNERSHIP_ANNOTATIONS,
  /** The agency's groups, comma-separated: who is inside the agency for GC-RBAC-01. */
  agencyGroups: AGENCY_GROUPS_ANNOTATION,
} as const
/** Selects every object the console manages. */
export const MANAGED_SELECTOR = managedSelector(FIELD_MANAGER)

export const OBJECT_NAMES = {
  quota: 'govcloud-quota',
  limits: 'govcloud-defaults',
  denyAll: 'govcloud-default-deny',
  sameNamespace: 'govcloud-allow-same-namespace',
  dns: 'govcloud-allow-dns',
  ingress: 'govcloud-allow-from-ingress',
  agencyEdit: 'govcloud-agency-edit',
} as const

/** The labels on every object of the project: managed by the console, and whose. */
export function commonLabels(intent: ProjectIntent): Record<string, string> {
  return { [LABELS.managedBy]: FIELD_MANAGER, [LABELS.projectId]: intent.projectId }
}

/** Metadata of an object inside the project's namespace. */
export function namespacedMeta(intent: ProjectIntent, name: string): k8s.V1ObjectMeta & { name: string } {
  return { name, namespace: intent.namespace, labels: commonLabels(intent) }
}
