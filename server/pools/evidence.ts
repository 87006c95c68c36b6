// What a reading of the platform adds up to (decision 0054), pure: the nodes that take pods
// (Ready and not cordoned) summed per resource, the storage's disks summed once each. The detail
// is kept beside the totals so a pool version shows which nodes or disks its figures came from.
import { parseQuantity, type UnitKind } from '../domain/quantity'
import type { NodeAllocatable } from '../platform/kubernetes/nodes'
import type { StorageReading } from '../platform/storage/disk-capacity'

export type ReadingSource = 'kubernetes' | 'storage'

/** Totals per key as decimal strings (JSON has no bigint): cpu, memory, pods, gpu; or disk, diskUsed, diskFree. */
export type ReadingTotals = Readonly<Record<string, string>>

export interface ReadingEvidence {
  readonly source: ReadingSource
  readonly totals: ReadingTotals
  readonly detail: unknown
}

/** A node counts when the scheduler may place pods on it: Ready and not cordoned. */
export const nodeCounts = (node: NodeAllocatable) => node.ready && !node.unschedulable

/** A quantity the API server wrote; one it could not have written counts as nothing, never as a guess. */
function amount(value: string, unit: UnitKind): bigint {
  const parsed = parseQuantity(value, unit)
  return parsed.ok ? parsed.value : 0n
}

export function kubernetesEvidence(nodes: readonly NodeAllocatable[]): ReadingEvidence {
  const parsed = nodes.map((node) => ({
    node,
    cpu: amount(node.cpu, 'millicores'),
    memory: amount(node.memory, 'bytes'),
    pods: amount(node.pods, 'count'),
    gpu: amount(node.gpu, 'count'),
  }))
  type Parsed = (typeof parsed)[number]
  const counted = parsed.filter((p) => nodeCounts(p.node))
  const sum = (pick: (p: Parsed) => bigint) => counted.reduce((total, p) => total + pick(p), 0n)
  const totals: Record<string, string> = {
    cpu: sum((p) => p.cpu).toString(),
    memory: sum((p) => p.memory).toString(),
    pods: sum((p) => p.pods).toString(),
  }
  const gpu = sum((p) => p.gpu)
  if (gpu > 0n) totals.gpu = gpu.toString()
  const detail = {
    nodes: parsed.map(({ node, cpu, memory, pods, gpu }) => ({
      name: node.name,
      cpu: cpu.toString(),
      memory: memory.toString(),
      pods: pods.toString(),
      gpu: gpu.toString(),
      ready: node.ready,
      unschedulable: node.unschedulable,
      counted: nodeCounts(node),
    })),
  }
  return { source: 'kubernetes', totals, detail }
}

export function storageEvidence(reading: StorageReading): ReadingEvidence {
  // Two data folders of one server on the same file system report the same disk: count it once.
  const seen = new Set<string>()
  const disks = reading.disks.filter((disk) => {
    const key = `${disk.server} ${disk.all} ${disk.used}`
    return seen.has(key) ? false : (seen.add(key), true)
  })
  const sum = (pick: (disk: (typeof disks)[number]) => bigint) => disks.reduce((total, d) => total + pick(d), 0n)
  return {
    source: 'storage',
    totals: {
      disk: sum((d) => d.all).toString(),
      diskUsed: sum((d) => d.used).toString(),
      diskFree: sum((d) => d.free).toString(),
    },
    detail: {
      servers: reading.servers,
      disks: reading.disks.map((disk) => ({
        server: disk.server,
        dir: disk.dir,
        all: disk.all.toString(),
        used: disk.used.toString(),
        free: disk.free.toString(),
        counted: disks.includes(disk),
      })),
    },
  }
}

/** Which source a pool of this kind is sized from: compute from the nodes, everything else from the disks. */
export const sourceForKind = (kind: string): ReadingSource => (kind === 'compute' ? 'kubernetes' : 'storage')
