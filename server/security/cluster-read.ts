// What the cluster scan reads from the API server, as its JSON (decision 0038's Consequences): the
// namespaces the console manages, every object of the kinds the CEL rules judge (RULE_RESOURCES),
// and the platform's settings the rules read (the ConfigMap govcloud-platform, which admission's
// policies take as params). Cluster-wide, one LIST per kind: not one per namespace and kind
// (decision 0039). Or, for a re-scan on change, the same within one namespace.
import type * as k8s from '@kubernetes/client-node'
import { managedSelector } from '../domain/ownership-labels'
import { FIELD_MANAGER } from '../platform/kubernetes/connection'
import { getJson, listRaw, type RawObject } from '../platform/kubernetes/raw-list'
import type { NamespaceObject } from './evaluate'
import { RULE_RESOURCES, type PlatformParams } from './rules'

/** Where the platform's settings live (infra/platform/govcloud-system.yaml). */
export const PLATFORM_SETTINGS_PATH = '/api/v1/namespaces/govcloud-system/configmaps/govcloud-platform'

const NAMESPACES = { group: '', version: 'v1', resource: 'namespaces', kind: 'Namespace' } as const

export interface ClusterRead {
  /** The namespaces read: the console's (by its label), or the one asked for if it exists. */
  readonly namespaces: ReadonlyArray<NamespaceObject & RawObject>
  /** Objects of the judged kinds in those namespaces (and elsewhere when read cluster-wide). */
  readonly objects: readonly RawObject[]
  readonly platform: PlatformParams
}

/** The ingress and DNS namespaces the rules read, as admission reads them. */
export async function readPlatformParams(kubeConfig: k8s.KubeConfig): Promise<PlatformParams> {
  const map = await getJson<{ data?: Record<string, string> }>(kubeConfig, PLATFORM_SETTINGS_PATH)
  const ingressNamespace = map.data?.['ingressNamespace']
  const dnsNamespace = map.data?.['dnsNamespace']
  if (!ingressNamespace || !dnsNamespace)
    throw new Error('the ConfigMap govcloud-system/govcloud-platform lacks ingressNamespace or dnsNamespace')
  return { ingressNamespace, dnsNamespace }
}

async function readNamespaces(kubeConfig: k8s.KubeConfig, only?: string): Promise<Array<NamespaceObject & RawObject>> {
  const list = await listRaw(kubeConfig, NAMESPACES, {
    labelSelector: managedSelector(FIELD_MANAGER),
    // One namespace by name: a field selector keeps it one small LIST that answers empty when gone.
    ...(only ? { fieldSelector: `metadata.name=${only}` } : {}),
  })
  return list.items.map((item) => ({ ...item, metadata: { ...item.metadata, name: item.metadata.name ?? '' } }))
}

/** Reads the managed namespaces and every judged kind: cluster-wide, or within `namespace`. */
export async function readCluster(kubeConfig: k8s.KubeConfig, namespace?: string): Promise<ClusterRead> {
  const [namespaces, platform, ...lists] = await Promise.all([
    readNamespaces(kubeConfig, namespace),
    readPlatformParams(kubeConfig),
    ...RULE_RESOURCES.map((r) => listRaw(kubeConfig, r, namespace ? { namespace } : {})),
  ])
  return { namespaces, platform, objects: lists.flatMap((list) => list.items) }
}
