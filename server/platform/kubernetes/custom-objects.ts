// Objects of a namespaced custom resource (the OpenReports Report the security checks publish,
// decision 0042), through the connection's shared pool and timeout: server-side apply under the
// console's field manager. Bodies are plain JSON in the API's shape.
import * as k8s from '@kubernetes/client-node'
import { toPlatformError } from './api-errors'
import { FIELD_MANAGER, type KubernetesConnection } from './connection'

export interface CustomResource {
  readonly group: string
  readonly version: string
  readonly plural: string
}

export interface CustomObjects {
  /** Server-side apply, taking over the fields the console owns (force). */
  apply(namespace: string, name: string, body: object): Promise<void>
}

export function customObjects(connection: KubernetesConnection, resource: CustomResource): CustomObjects {
  const api = connection.kubeConfig.makeApiClient(k8s.CustomObjectsApi)
  return {
    async apply(namespace, name, body) {
      try {
        await api.patchNamespacedCustomObject(
          { ...resource, namespace, name, body, fieldManager: FIELD_MANAGER, force: true },
          connection.applyOptions,
        )
      } catch (error) {
        throw toPlatformError(error, `apply ${resource.plural}.${resource.group} ${namespace}/${name}`)
      }
    },
  }
}
