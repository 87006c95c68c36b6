// Velero's objects in its namespace (decision 0053), through the connection's shared pool and
// timeout: locations and schedules applied server-side under the console's field manager, backups
// and restores listed, restores created, and the Secrets that hold the locations' keys. Bodies are
// plain JSON in the API's shape; no knowledge of projects here.
import * as k8s from '@kubernetes/client-node'
import { toPlatformError } from './api-errors'
import { FIELD_MANAGER, type KubernetesConnection } from './connection'

export type VeleroPlural = 'backupstoragelocations' | 'schedules' | 'backups' | 'restores'

export interface VeleroItem {
  readonly metadata?: {
    readonly name?: string
    readonly labels?: Record<string, string>
    readonly annotations?: Record<string, string>
    readonly creationTimestamp?: string
  }
  readonly spec?: Record<string, unknown>
  readonly status?: Record<string, unknown>
}

export interface Velero {
  readonly namespace: string
  apply(plural: VeleroPlural, name: string, body: object): Promise<void>
  create(plural: VeleroPlural, body: object): Promise<void>
  get(plural: VeleroPlural, name: string): Promise<VeleroItem | null>
  list(plural: VeleroPlural, labelSelector: string): Promise<VeleroItem[]>
  /** False when it was already gone. */
  delete(plural: VeleroPlural, name: string): Promise<boolean>
  /** Written, never read: the console has no right to read Secrets (infra/platform/velero.yaml). */
  applySecret(name: string, labels: Record<string, string>, data: Record<string, string>): Promise<void>
  deleteSecret(name: string): Promise<boolean>
}

const GROUP = { group: 'velero.io', version: 'v1' } as const

export function veleroObjects(connection: KubernetesConnection, namespace: string): Velero {
  const custom = connection.kubeConfig.makeApiClient(k8s.CustomObjectsApi)
  const { core, options, applyOptions } = connection
  const at = (plural: string, name = '') => ({ ...GROUP, namespace, plural, name })
  const call = async <T>(operation: string, run: () => Promise<T>): Promise<T> => {
    try {
      return await run()
    } catch (error) {
      throw toPlatformError(error, operation)
    }
  }
  const absentAsNull = async <T>(operation: string, run: () => Promise<T>): Promise<T | null> => {
    try {
      return await run()
    } catch (error) {
      const failure = toPlatformError(error, operation)
      if (failure.status === 404) return null
      throw failure
    }
  }
  return {
    namespace,
    apply: (plural, name, body) =>
      call(`apply ${plural}.velero.io ${namespace}/${name}`, async () => {
        await custom.patchNamespacedCustomObject(
          { ...at(plural, name), body, fieldManager: FIELD_MANAGER, force: true },
          applyOptions,
        )
      }),
    create: (plural, body) =>
      call(`create ${plural}.velero.io in ${namespace}`, async () => {
        await custom.createNamespacedCustomObject({ ...at(plural), body }, options)
      }),
    get: (plural, name) =>
      absentAsNull(
        `get ${plural}.velero.io ${namespace}/${name}`,
        async () => (await custom.getNamespacedCustomObject(at(plural, name), options)) as VeleroItem,
      ),
    list: (plural, labelSelector) =>
      call(`list ${plural}.velero.io in ${namespace}`, async () => {
        const listed = (await custom.listNamespacedCustomObject({ ...at(plural), labelSelector }, options)) as {
          items?: VeleroItem[]
        }
        return listed.items ?? []
      }),
    delete: async (plural, name) =>
      (await absentAsNull(`delete ${plural}.velero.io ${namespace}/${name}`, () =>
        custom.deleteNamespacedCustomObject(at(plural, name), options),
      )) !== null,
    applySecret: (name, labels, data) =>
      call(`apply Secret ${namespace}/${name}`, async () => {
        const encoded = Object.fromEntries(Object.entries(data).map(([k, v]) => [k, Buffer.from(v).toString('base64')]))
        const body = { apiVersion: 'v1', kind: 'Secret', metadata: { name, namespace, labels }, data: encoded }
        await core.patchNamespacedSecret(
          { name, namespace, body, fieldManager: FIELD_MANAGER, force: true },
          applyOptions,
        )
      }),
    deleteSecret: async (name) =>
      (await absentAsNull(`delete Secret ${namespace}/${name}`, () =>
        core.deleteNamespacedSecret({ namespace, name }, options),
      )) !== null,
  }
}
