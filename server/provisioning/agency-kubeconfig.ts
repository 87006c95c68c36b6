import { readFile } from 'node:fs/promises'
import type { Env } from '../config/env'
import type { Db } from '../db/client'
import { agencyKubeconfig } from './kubeconfig'

// An agency's kubeconfig as the console hands it out (docs/decisions/0012): the namespaces of the
// agency's provisioned projects, the API server and its CA, and sign-in through the realm's HTTPS
// issuer that the API server trusts. The caller authorises (`kubeconfig.download`) first.

export interface AgencyKubeconfigSettings {
  readonly apiUrl: string
  readonly caFile: string
  readonly issuerUrl: string
  readonly clientId: string
  readonly clusterName: string
}

/** The validated settings, or null when the console is not configured to hand out kubeconfigs. */
export function agencyKubeconfigSettings(
  env: Pick<
    Env,
    | 'AGENCY_KUBE_API_URL'
    | 'AGENCY_KUBE_CA_FILE'
    | 'AGENCY_KUBE_OIDC_ISSUER'
    | 'AGENCY_KUBE_OIDC_CLIENT_ID'
    | 'AGENCY_KUBE_CLUSTER_NAME'
  >,
): AgencyKubeconfigSettings | null {
  if (!env.AGENCY_KUBE_API_URL || !env.AGENCY_KUBE_CA_FILE || !env.AGENCY_KUBE_OIDC_ISSUER) return null
  return {
    apiUrl: env.AGENCY_KUBE_API_URL,
    caFile: env.AGENCY_KUBE_CA_FILE,
    issuerUrl: env.AGENCY_KUBE_OIDC_ISSUER,
    clientId: env.AGENCY_KUBE_OIDC_CLIENT_ID,
    clusterName: env.AGENCY_KUBE_CLUSTER_NAME,
  }
}

/**
 * Namespaces of the agency's projects that exist on the cluster: provisioned at least once
 * (namespace and RoleBinding made) and whose allocation has not ended.
 */
export async function provisionedNamespaces(db: Db, agencyId: string): Promise<string[]> {
  const projects = await db.project.findMany({
    where: { agencyId },
    select: { id: true, namespace: true },
    orderBy: { namespace: 'asc' },
  })
  if (projects.length === 0) return []
  const live = await db.provisioningStatus.findMany({
    where: {
      projectId: { in: projects.map((p) => p.id) },
      lastSucceededAt: { not: null },
      endedAt: null,
      deletedAt: null,
    },
    select: { projectId: true },
  })
  const ids = new Set(live.map((s) => s.projectId))
  return projects.filter((p) => ids.has(p.id)).map((p) => p.namespace)
}

/** The kubeconfig text for `username` of the agency, or null when it has no provisioned namespace. */
export async function kubeconfigForAgency(input: {
  db: Db
  agencyId: string
  username: string
  settings: AgencyKubeconfigSettings
}): Promise<string | null> {
  const namespaces = await provisionedNamespaces(input.db, input.agencyId)
  if (namespaces.length === 0) return null
  return agencyKubeconfig({
    clusterName: input.settings.clusterName,
    server: input.settings.apiUrl,
    certificateAuthorityPem: await readFile(input.settings.caFile, 'utf8'),
    issuerUrl: input.settings.issuerUrl,
    clientId: input.settings.clientId,
    username: input.username,
    namespaces,
  })
}

/** A file name for the download: ASCII, from the agency's code (already an ASCII slug). */
export function kubeconfigFileName(agencyCode: string, clusterName: string): string {
  return `kubeconfig-${clusterName}-${agencyCode}.json`.replace(/[^A-Za-z0-9._-]/g, '-')
}
