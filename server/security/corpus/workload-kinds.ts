// Builders of the corpus's workloads: one pod template that every level admits, and the seven
// kinds that carry a pod template, so that each rule is tried on each kind.
import type { KubeObject } from '../evaluate'

export const DIGEST = `sha256:${'4f'.repeat(32)}`
/** Pinned by digest in the data centre's registry: allowed at every level. */
export const GOOD_IMAGE = `registry.langson.gov.vn/demo/app@${DIGEST}`

type Json = Record<string, unknown>

export function container(overrides: Json = {}): Json {
  return {
    name: 'app',
    image: GOOD_IMAGE,
    resources: { requests: { cpu: '100m', memory: '64Mi' }, limits: { cpu: '200m', memory: '128Mi' } },
    securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
    ...overrides,
  }
}

/** A pod spec that Pod Security `restricted` and every rule admit. */
export function podSpec(overrides: Json = {}): Json {
  return {
    automountServiceAccountToken: false,
    securityContext: { runAsNonRoot: true, runAsUser: 65532, seccompProfile: { type: 'RuntimeDefault' } },
    containers: [container()],
    ...overrides,
  }
}

const labels = (name: string) => ({ app: name })
const template = (name: string, spec: Json) => ({ metadata: { labels: labels(name) }, spec })

export type WorkloadKind = 'Pod' | 'Deployment' | 'StatefulSet' | 'DaemonSet' | 'ReplicaSet' | 'Job' | 'CronJob'

/** A workload of a kind around a pod spec (Jobs and CronJobs get restartPolicy Never). */
export function workload(kind: WorkloadKind, name: string, spec: Json): KubeObject {
  const metadata = { name }
  const selector = { matchLabels: labels(name) }
  switch (kind) {
    case 'Pod':
      return { apiVersion: 'v1', kind, metadata, spec }
    case 'Deployment':
    case 'ReplicaSet':
      return { apiVersion: 'apps/v1', kind, metadata, spec: { replicas: 1, selector, template: template(name, spec) } }
    case 'StatefulSet':
      return {
        apiVersion: 'apps/v1',
        kind,
        metadata,
        spec: { serviceName: name, selector, template: template(name, spec) },
      }
    case 'DaemonSet':
      return { apiVersion: 'apps/v1', kind, metadata, spec: { selector, template: template(name, spec) } }
    case 'Job':
      return {
        apiVersion: 'batch/v1',
        kind,
        metadata,
        spec: { template: template(name, { restartPolicy: 'Never', ...spec }) },
      }
    case 'CronJob':
      return {
        apiVersion: 'batch/v1',
        kind,
        metadata,
        spec: {
          schedule: '0 3 * * *',
          jobTemplate: { spec: { template: template(name, { restartPolicy: 'Never', ...spec }) } },
        },
      }
  }
}

export const WORKLOAD_KINDS: readonly WorkloadKind[] = [
  'Pod',
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'ReplicaSet',
  'Job',
  'CronJob',
]
