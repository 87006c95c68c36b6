// The LimitRange: defaults for containers that say nothing (a quota on limits needs them), never
// above what the whole project holds, and no volume claim larger than the largest granted class.
import type * as k8s from '@kubernetes/client-node'
import { formatK8sQuantity } from '../../domain/quantity'
import type { DesiredObject } from '../../platform/kubernetes/objects'
import { OBJECT_NAMES, namespacedMeta } from './metadata'
import { granted, volumesByClass, type ProjectIntent, type ProvisioningSettings } from './model'

const Mi = 1024n * 1024n
const min = (a: bigint, b: bigint) => (a < b ? a : b)

export function desiredLimitRange(intent: ProjectIntent, settings: ProvisioningSettings): DesiredObject {
  const limitItems: k8s.V1LimitRangeItem[] = [containerDefaults(granted(intent, 'cpu'), granted(intent, 'memory'))]
  const largestVolume = [...volumesByClass(intent, settings).values()].reduce((a, b) => (b > a ? b : a), 0n)
  if (largestVolume > 0n)
    limitItems.push({ type: 'PersistentVolumeClaim', max: { storage: formatK8sQuantity(largestVolume, 'bytes') } })
  return {
    apiVersion: 'v1',
    kind: 'LimitRange',
    metadata: namespacedMeta(intent, OBJECT_NAMES.limits),
    spec: { limits: limitItems },
  }
}

function containerDefaults(cpu: bigint, memory: bigint): k8s.V1LimitRangeItem {
  const item: k8s.V1LimitRangeItem = { type: 'Container' }
  if (cpu > 0n) {
    item.defaultRequest = { ...item.defaultRequest, cpu: formatK8sQuantity(min(100n, cpu), 'millicores') }
    item._default = { ...item._default, cpu: formatK8sQuantity(min(500n, cpu), 'millicores') }
    item.max = { ...item.max, cpu: formatK8sQuantity(cpu, 'millicores') }
  }
  if (memory > 0n) {
    item.defaultRequest = { ...item.defaultRequest, memory: formatK8sQuantity(min(128n * Mi, memory), 'bytes') }
    item._default = { ...item._default, memory: formatK8sQuantity(min(512n * Mi, memory), 'bytes') }
    item.max = { ...item.max, memory: formatK8sQuantity(memory, 'bytes') }
  }
  return item
}
