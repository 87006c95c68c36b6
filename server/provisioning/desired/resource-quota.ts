// The ResourceQuota: exactly the allocation; what was not granted is zero, never unlimited.
import { formatK8sQuantity } from '../../domain/quantity'
import type { DesiredObject } from '../../platform/kubernetes/objects'
import { OBJECT_NAMES, namespacedMeta } from './metadata'
import { granted, volumesByClass, type ProjectIntent, type ProvisioningSettings } from './model'

export function desiredResourceQuota(intent: ProjectIntent, settings: ProvisioningSettings): DesiredObject {
  const cpu = granted(intent, 'cpu')
  const memory = granted(intent, 'memory')
  const volumes = volumesByClass(intent, settings)
  const totalVolume = [...volumes.values()].reduce((a, b) => a + b, 0n)
  const hard: Record<string, string> = {
    'requests.cpu': formatK8sQuantity(cpu, 'millicores'),
    'limits.cpu': formatK8sQuantity(cpu, 'millicores'),
    'requests.memory': formatK8sQuantity(memory, 'bytes'),
    'limits.memory': formatK8sQuantity(memory, 'bytes'),
    pods: formatK8sQuantity(granted(intent, 'pods'), 'count'),
    'requests.nvidia.com/gpu': formatK8sQuantity(granted(intent, 'gpu'), 'count'),
    persistentvolumeclaims: String(totalVolume > 0n ? settings.pvcCount : 0),
    'requests.storage': formatK8sQuantity(totalVolume, 'bytes'),
    'services.loadbalancers': '0',
    'services.nodeports': '0',
  }
  for (const [storageClass, bytes] of [...volumes].sort(([a], [b]) => a.localeCompare(b))) {
    hard[`${storageClass}.storageclass.storage.k8s.io/requests.storage`] = formatK8sQuantity(bytes, 'bytes')
  }
  return {
    apiVersion: 'v1',
    kind: 'ResourceQuota',
    metadata: namespacedMeta(intent, OBJECT_NAMES.quota),
    spec: { hard },
  }
}
