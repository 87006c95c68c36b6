// The RoleBinding: the agency's Keycloak group, and those of the agencies above it (nearest
// first), get the console's tenant role in the project's namespace and nowhere else.
import type { DesiredObject } from '../../platform/kubernetes/objects'
import { OBJECT_NAMES, namespacedMeta } from './metadata'
import type { ProjectIntent, ProvisioningSettings } from './model'

/**
 * What agency staff may do in their projects (infra/platform/tenant-role.yaml, decision 0025):
 * run workloads, nothing that widens the network, RBAC or quota. The console may bind no other.
 */
export const TENANT_ROLE = 'govcloud-tenant'

export function desiredRoleBinding(intent: ProjectIntent, settings: ProvisioningSettings): DesiredObject {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    metadata: namespacedMeta(intent, OBJECT_NAMES.agencyEdit),
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: TENANT_ROLE },
    subjects: agencyGroups(intent, settings).map((name) => ({
      apiGroup: 'rbac.authorization.k8s.io',
      kind: 'Group',
      name,
    })),
  }
}

/**
 * The groups the API server sees for the agency's staff and those above it, nearest first
 * (Keycloak's group paths, prefixed): the RoleBinding's subjects, and the namespace's annotation
 * that GC-RBAC-01 reads as "inside the agency" (server/security/rules/network.ts).
 */
export function agencyGroups(intent: ProjectIntent, settings: ProvisioningSettings): string[] {
  return [intent.agency.code, ...(intent.agency.parentCodes ?? [])].map(
    (code) => `${settings.groupPrefix}/agencies/${code}`,
  )
}
