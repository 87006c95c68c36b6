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
    subjects: [intent.agency.code, ...(intent.agency.parentCodes ?? [])].map((code) => ({
      apiGroup: 'rbac.authorization.k8s.io',
      kind: 'Group',
      name: agencyGroup(code, settings.groupPrefix),
    })),
  }
}

/** The group name the API server sees for an agency's staff (Keycloak's group path, prefixed). */
function agencyGroup(code: string, prefix = ''): string {
  return `${prefix}/agencies/${code}`
}
