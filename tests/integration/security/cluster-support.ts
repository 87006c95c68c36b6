import * as k8s from '@kubernetes/client-node'
import type { Db } from '#server/db/client'
import { LABELS } from '#server/domain/ownership-labels'
import { FIELD_MANAGER } from '#server/platform/kubernetes/connection'
import { adminKubeConfig } from '../../helpers/platform'

// What the cluster scan's tests make behind the console's back, as the cluster's administrator:
// a project's namespace labelled as the console labels it, and Deployments good and bad in it.

export interface ClusterAdmin {
  readonly core: k8s.CoreV1Api
  readonly apps: k8s.AppsV1Api
}

export function clusterAdmin(): ClusterAdmin {
  const kc = adminKubeConfig()
  return { core: kc.makeApiClient(k8s.CoreV1Api), apps: kc.makeApiClient(k8s.AppsV1Api) }
}

/** The project's namespace with the console's ownership labels, at the project's level and restricted Pod Security. */
export async function makeProjectNamespace(admin: ClusterAdmin, db: Db, projectId: string): Promise<string> {
  const project = await db.project.findUniqueOrThrow({ where: { id: projectId } })
  await admin.core.createNamespace({
    body: {
      metadata: {
        name: project.namespace,
        labels: {
          [LABELS.managedBy]: FIELD_MANAGER,
          [LABELS.projectId]: project.id,
          [LABELS.securityLevel]: String(project.securityLevel),
          'pod-security.kubernetes.io/enforce': 'restricted',
        },
      },
    },
  })
  return project.namespace
}

export interface ContainerShape {
  readonly image?: string
  /** Requests and limits for cpu and memory (GC-WL-01); true unless said. */
  readonly bounded?: boolean
}

/** A Deployment that passes every workload check at levels 1-4 unless `shape` says otherwise. */
export function deploymentBody(name: string, shape: ContainerShape = {}): k8s.V1Deployment {
  const labels = { app: name }
  return {
    metadata: { name, labels },
    spec: {
      replicas: 1,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          automountServiceAccountToken: false,
          containers: [
            {
              name: 'web',
              image: shape.image ?? 'registry.langson.gov.vn/so-khcn/web:1.4.2',
              ...(shape.bounded === false
                ? {}
                : {
                    resources: { requests: { cpu: '50m', memory: '64Mi' }, limits: { cpu: '100m', memory: '128Mi' } },
                  }),
              securityContext: {
                runAsNonRoot: true,
                allowPrivilegeEscalation: false,
                capabilities: { drop: ['ALL'] },
                seccompProfile: { type: 'RuntimeDefault' },
              },
            },
          ],
        },
      },
    },
  }
}

export async function deleteNamespaces(admin: ClusterAdmin, names: readonly string[]): Promise<void> {
  await Promise.allSettled(names.map((name) => admin.core.deleteNamespace({ name })))
}
