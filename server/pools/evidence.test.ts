import { describe, expect, it } from 'vitest'
import type { NodeAllocatable } from '../platform/kubernetes/nodes'
import { kubernetesEvidence, sourceForKind, storageEvidence } from './evidence'

const node = (name: string, over: Partial<NodeAllocatable> = {}): NodeAllocatable => ({
  name,
  cpu: '16',
  memory: '64Gi',
  pods: '110',
  gpu: '0',
  ready: true,
  unschedulable: false,
  ...over,
})

describe('what the nodes offer', () => {
  it('sums only the nodes that take pods, and keeps every node in the detail with whether it counted', () => {
    const evidence = kubernetesEvidence([
      node('a', { cpu: '15500m' }),
      node('b', { ready: false }),
      node('c', { unschedulable: true }),
      node('d', { gpu: '2' }),
    ])
    expect(evidence.totals).toEqual({ cpu: '31500', memory: String(128n * 1024n ** 3n), pods: '220', gpu: '2' })
    expect((evidence.detail as { nodes: { name: string; counted: boolean }[] }).nodes.map((n) => n.counted)).toEqual([
      true,
      false,
      false,
      true,
    ])
  })

  it('counts a quantity the API server could not have written as nothing, and no GPU total without GPUs', () => {
    expect(kubernetesEvidence([node('a', { memory: 'lots' })]).totals).toEqual({
      cpu: '16000',
      memory: '0',
      pods: '110',
    })
    expect(kubernetesEvidence([]).totals).toEqual({ cpu: '0', memory: '0', pods: '0' })
  })
})

describe('what the disks hold', () => {
  it('counts a disk reported by two folders of one server once', () => {
    const disk = { all: 1000n, used: 400n, free: 600n }
    const evidence = storageEvidence({
      servers: ['s1:8080', 's2:8080'],
      disks: [
        { server: 's1:8080', dir: '/d1', ...disk },
        { server: 's1:8080', dir: '/d2', ...disk },
        { server: 's2:8080', dir: '/d1', ...disk },
      ],
    })
    expect(evidence.totals).toEqual({ disk: '2000', diskUsed: '800', diskFree: '1200' })
  })

  it('sizes compute pools from the nodes and every other pool from the disks', () => {
    expect(['compute', 'volume', 'objectStorage', 'backup'].map(sourceForKind)).toEqual([
      'kubernetes',
      'storage',
      'storage',
      'storage',
    ])
  })
})
