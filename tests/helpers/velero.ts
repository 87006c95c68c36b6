import * as k8s from '@kubernetes/client-node'
import type { VeleroItem } from '#server/platform/kubernetes/velero'
import { GiB } from './fixtures'
import { adminKubeConfig } from './platform'
import { eventually } from './poll'
import { requireStackSetting } from './stack-env'

// What the tests of projects with backups share (decisions 0053, 0056, 0058): pools with backup
// storage, Velero's objects as the cluster's administrator sees them, a project's location waited
// for until Velero finds it Available, and every Velero object of a project removed after.

export const BACKUP_POOLS = {
  cpu: 100_000n,
  memory: 64n * GiB,
  pods: 100n,
  objectStorage: 100n * GiB,
  buckets: 10n,
  backupStorage: 100n * GiB,
}

export function veleroAdmin() {
  const namespace = requireStackSetting('VELERO_NAMESPACE')
  const custom = adminKubeConfig().makeApiClient(k8s.CustomObjectsApi)
  const at = { group: 'velero.io', version: 'v1', namespace }
  return {
    namespace,
    custom,
    at,
    read: async (plural: string, name: string) =>
      (await custom.getNamespacedCustomObject({ ...at, plural, name })) as VeleroItem,
    locationAvailable: (name: string) =>
      eventually('the location Available', 90_000, async () => {
        const location = (await custom.getNamespacedCustomObject({
          ...at,
          plural: 'backupstoragelocations',
          name,
        })) as VeleroItem
        return location.status?.['phase'] === 'Available' ? true : undefined
      }),
    async removeProjectObjects(projectId: string, plurals: readonly string[]) {
      for (const plural of plurals) {
        const listed = (await custom
          .listNamespacedCustomObject({
            ...at,
            plural,
            labelSelector: `govcloud.langson.gov.vn/project-id=${projectId}`,
          })
          .catch(() => ({ items: [] }))) as { items: VeleroItem[] }
        for (const item of listed.items)
          await custom
            .deleteNamespacedCustomObject({ ...at, plural, name: item.metadata?.name ?? '' })
            .catch(() => undefined)
      }
    },
  }
}
