// The Namespace: who it belongs to (labels in ASCII slugs, names with diacritics in annotations)
// and the Pod Security level it enforces (`restricted` unless a recorded exception says baseline).
// The admission policies of the security checks are bound by its security-level label, and
// GC-RBAC-01 reads its agency groups: the console's own RoleBinding names exactly those.
import type { DesiredObject } from '../../platform/kubernetes/objects'
import { ANNOTATIONS, LABELS, commonLabels } from './metadata'
import type { ProjectIntent, ProvisioningSettings } from './model'
import { agencyGroups } from './role-binding'

export function desiredNamespace(intent: ProjectIntent, settings: ProvisioningSettings): DesiredObject {
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: {
      name: intent.namespace,
      labels: {
        ...commonLabels(intent),
        [LABELS.project]: intent.slug,
        [LABELS.agency]: intent.agency.code,
        [LABELS.securityLevel]: String(intent.securityLevel),
        'pod-security.kubernetes.io/enforce': intent.podSecurity?.level ?? 'restricted',
        'pod-security.kubernetes.io/enforce-version': 'latest',
        'pod-security.kubernetes.io/warn': 'restricted',
        'pod-security.kubernetes.io/audit': 'restricted',
      },
      annotations: {
        [ANNOTATIONS.projectName]: intent.name,
        [ANNOTATIONS.agencyName]: intent.agency.nameVi,
        [ANNOTATIONS.agencyNameEn]: intent.agency.nameEn,
        [ANNOTATIONS.agencyGroups]: agencyGroups(intent, settings).join(','),
        ...(intent.podSecurity ? { [ANNOTATIONS.podSecurityException]: intent.podSecurity.reason } : {}),
      },
    },
  }
}
