// The labels and annotations the console puts on what it makes on the cluster, and the rule that reads whose an
// object is from them (decision 0034). Here, not in provisioning/, so that the reconciler, which
// writes them, and the security scan, which finds the namespaces it speaks for by them, share one
// rule without the security module importing provisioning (which runs the scans).

const LABEL_PREFIX = 'govcloud.langson.gov.vn'
export const LABELS = {
  managedBy: 'app.kubernetes.io/managed-by',
  projectId: `${LABEL_PREFIX}/project-id`,
  project: `${LABEL_PREFIX}/project`,
  agency: `${LABEL_PREFIX}/agency`,
  securityLevel: `${LABEL_PREFIX}/security-level`,
} as const
export const ANNOTATIONS = {
  projectName: `${LABEL_PREFIX}/project-name`,
  agencyName: `${LABEL_PREFIX}/agency-name`,
  agencyNameEn: `${LABEL_PREFIX}/agency-name-en`,
  podSecurityException: `${LABEL_PREFIX}/pod-security-exception`,
} as const

/** The label selector of everything `manager` (the console's field manager) made. */
export function managedSelector(manager: string): string {
  return `${LABELS.managedBy}=${manager}`
}

/** Whose these labels (or a bucket's tags) say an existing object is. */
export function ownerOfLabels(
  labels: Readonly<Record<string, string>> | null | undefined,
  manager: string,
  projectId: string,
): 'ours' | 'unlabelled' | 'another_project' {
  if (labels?.[LABELS.managedBy] !== manager) return 'unlabelled'
  return labels[LABELS.projectId] === projectId ? 'ours' : 'another_project'
}
