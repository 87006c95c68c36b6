// The Namespace: who it belongs to (labels in ASCII slugs, names with diacritics in annotations)
// and the Pod Security level it enforces (`restricted` unless a recorded exception says baseline).
import type { DesiredObject } from '../../platform/kubernetes/objects'
import { ANNOTATIONS, LABELS, commonLabels } from './metadata'
import type { ProjectIntent } from './model'

export function desiredNamespace(intent: ProjectIntent): DesiredObject {
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
        ...(intent.podSecurity ? { [ANNOTATIONS.podSecurityException]: intent.podSecurity.reason } : {}),
      },
    },
  }
}
