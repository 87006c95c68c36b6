import { describe, expect, it } from 'vitest'
import { usageFromQuota } from './usage'

describe('usageFromQuota', () => {
  it('reads the granted resources from a quota status in canonical units, per storage class', () => {
    const used = usageFromQuota({
      'requests.cpu': '1500m',
      'limits.cpu': '3',
      'requests.memory': '1536Mi',
      pods: '3',
      'requests.nvidia.com/gpu': '0',
      'fast-ssd.storageclass.storage.k8s.io/requests.storage': '20Gi',
      'standard-hdd.storageclass.storage.k8s.io/requests.storage': '0',
      persistentvolumeclaims: '2',
      'services.loadbalancers': '0',
    })
    expect(Object.fromEntries(used)).toEqual({
      cpu: 1_500n,
      memory: 1536n * 1024n ** 2n,
      pods: 3n,
      gpu: 0n,
      'volume:fast-ssd': 20n * 1024n ** 3n,
      'volume:standard-hdd': 0n,
    })
  })

  it('leaves out what it cannot read rather than guess, and takes a quota not yet counted as empty', () => {
    expect(Object.fromEntries(usageFromQuota({ 'requests.cpu': 'lots', pods: '1.5', 'requests.memory': '0' }))).toEqual(
      { memory: 0n },
    )
    expect(usageFromQuota(undefined).size).toBe(0)
  })
})
