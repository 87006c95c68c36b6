// What the cluster's nodes offer to pods (decision 0054): each node's allocatable CPU, memory,
// pods and GPUs as the API server reports them (capacity less what the kubelet keeps for the
// system), the evidence an operator sizes the compute pool on. Listed under the console's own
// identity, which may list nodes and nothing more about them (infra/platform/console-identity.yaml).
import type * as k8s from '@kubernetes/client-node'
import { listRaw } from './raw-list'

const NODES = { group: '', version: 'v1', resource: 'nodes', kind: 'Node' } as const
const GPU = 'nvidia.com/gpu'

export interface NodeAllocatable {
  readonly name: string
  /** Quantities as the API server wrote them ('16', '64Gi'); the pools' evidence parses them. */
  readonly cpu: string
  readonly memory: string
  readonly pods: string
  readonly gpu: string
  readonly ready: boolean
  readonly unschedulable: boolean
}

interface NodeShape {
  readonly metadata: { readonly name?: string }
  readonly spec?: { readonly unschedulable?: boolean }
  readonly status?: {
    readonly allocatable?: Readonly<Record<string, string>>
    readonly conditions?: ReadonlyArray<{ readonly type: string; readonly status: string }>
  }
}

export function nodeAllocatable(node: NodeShape): NodeAllocatable {
  const allocatable = node.status?.allocatable ?? {}
  return {
    name: node.metadata.name ?? '',
    cpu: allocatable.cpu ?? '0',
    memory: allocatable.memory ?? '0',
    pods: allocatable.pods ?? '0',
    gpu: allocatable[GPU] ?? '0',
    ready: node.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false,
    unschedulable: node.spec?.unschedulable === true,
  }
}

/** Every node (or those a label selector picks), by name. */
export async function listNodeAllocatable(
  kubeConfig: k8s.KubeConfig,
  options: { labelSelector?: string } = {},
): Promise<NodeAllocatable[]> {
  const list = await listRaw(kubeConfig, NODES, { labelSelector: options.labelSelector })
  return list.items
    .map((item) => nodeAllocatable(item as unknown as NodeShape))
    .sort((a, b) => a.name.localeCompare(b.name))
}
