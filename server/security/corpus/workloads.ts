// The corpus's workloads: each kind good, then each workload rule failed in its own ways.
import { asSent, type CorpusCase } from './model'
import { DIGEST, GOOD_IMAGE, WORKLOAD_KINDS, container, podSpec, workload } from './workload-kinds'

const good: CorpusCase[] = WORKLOAD_KINDS.flatMap((kind) =>
  ([4, 5] as const).map((level) => ({
    name: `good-${kind.toLowerCase()}-${level}`,
    level,
    object: asSent(workload(kind, `good-${kind.toLowerCase()}-${level}`, podSpec())),
    fails: [],
  })),
)

const withImage = (image: string) => podSpec({ containers: [container({ image })] })
const withSecurity = (securityContext: Record<string, unknown>) =>
  podSpec({ containers: [container({ securityContext })] })
const restrictedContainer = { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } }
/** An ephemeral container (kubectl debug): no resources or ports are allowed on one. */
const debug = (image: string, securityContext: Record<string, unknown>) => ({ name: 'debug', image, securityContext })

/** A case: its name is the object's. */
const of = (
  name: string,
  level: CorpusCase['level'],
  kind: Parameters<typeof workload>[0],
  spec: Record<string, unknown>,
  fails: string[],
  extra: Partial<CorpusCase> = {},
): CorpusCase => ({ name, level, object: asSent(workload(kind, name, spec)), fails, ...extra })

const resources: CorpusCase[] = [
  of('wl01-no-resources', 4, 'Deployment', podSpec({ containers: [container({ resources: undefined })] }), [
    'GC-WL-01',
  ]),
  of(
    'wl01-no-cpu-limit',
    3,
    'StatefulSet',
    podSpec({
      containers: [container({ resources: { requests: { cpu: '1', memory: '1Gi' }, limits: { memory: '1Gi' } } })],
    }),
    ['GC-WL-01'],
  ),
  of('wl01-init-container', 4, 'Job', podSpec({ initContainers: [container({ name: 'init', resources: {} })] }), [
    'GC-WL-01',
  ]),
  of('wl01-detected-only', 1, 'CronJob', podSpec({ containers: [container({ resources: undefined })] }), ['GC-WL-01']),
]

const registries: CorpusCase[] = [
  of('wl02-docker-hub', 4, 'Deployment', withImage(`docker.io/library/nginx@${DIGEST}`), ['GC-WL-02']),
  of('wl02-short-name', 4, 'Pod', withImage(`nginx@${DIGEST}`), ['GC-WL-02']),
  of('wl02-short-name-level-3', 3, 'DaemonSet', withImage('nginx:1.27.3'), []),
  of('wl02-user-repo-level-3', 3, 'ReplicaSet', withImage('bitnami/redis:7.2.5'), ['GC-WL-02']),
  of('wl02-port-in-host', 4, 'CronJob', withImage('registry.langson.gov.vn:5000/demo/app:1.4.2'), ['GC-WL-02']),
  of('wl02-lookalike-host', 4, 'Job', withImage(`registry.langson.gov.vn.example.com/app@${DIGEST}`), ['GC-WL-02']),
  of('wl02-k8s-registry-level-5', 5, 'Deployment', withImage(`registry.k8s.io/pause@${DIGEST}`), ['GC-WL-02']),
  of('wl02-k8s-registry-level-4', 4, 'Deployment', withImage('registry.k8s.io/pause:3.10'), []),
  of(
    'wl02-ephemeral-container',
    4,
    'Pod',
    podSpec({ ephemeralContainers: [debug(`busybox@${DIGEST}`, restrictedContainer)] }),
    ['GC-WL-02'],
    { apiServerFirst: 'create-validation' },
  ),
]

const pinning: CorpusCase[] = [
  of('wl03-latest', 4, 'Deployment', withImage('registry.langson.gov.vn/demo/app:latest'), ['GC-WL-03']),
  of('wl03-no-tag', 4, 'StatefulSet', withImage('registry.langson.gov.vn/demo/app'), ['GC-WL-03']),
  of('wl03-no-tag-level-3', 3, 'Job', withImage('registry.k8s.io/pause'), ['GC-WL-03']),
  of('wl03-tag-level-5', 5, 'CronJob', withImage('registry.langson.gov.vn/demo/app:1.4.2'), ['GC-WL-03']),
  of('wl03-tag-and-digest-level-5', 5, 'Pod', withImage(`registry.langson.gov.vn/demo/app:1.4.2@${DIGEST}`), []),
  of(
    'wl03-init-latest',
    4,
    'ReplicaSet',
    podSpec({ initContainers: [container({ name: 'init', image: 'registry.langson.gov.vn/demo/init:latest' })] }),
    ['GC-WL-03'],
  ),
]

const privilege: CorpusCase[] = [
  of('wl04-privileged', 4, 'Deployment', withSecurity({ privileged: true, capabilities: { drop: ['ALL'] } }), [
    'GC-WL-04',
  ]),
  of('wl04-host-network', 4, 'DaemonSet', podSpec({ hostNetwork: true }), ['GC-WL-04']),
  of('wl04-host-path', 3, 'ReplicaSet', podSpec({ volumes: [{ name: 'root', hostPath: { path: '/' } }] }), [
    'GC-WL-04',
  ]),
  of(
    'wl04-host-port',
    5,
    'StatefulSet',
    podSpec({ containers: [container({ ports: [{ containerPort: 8080, hostPort: 8080 }] })] }),
    ['GC-WL-04'],
  ),
  of(
    'wl04-init-capability',
    4,
    'Job',
    podSpec({
      initContainers: [
        container({
          name: 'init',
          securityContext: { ...restrictedContainer, capabilities: { drop: ['ALL'], add: ['NET_ADMIN'] } },
        }),
      ],
    }),
    ['GC-WL-04'],
  ),
  of(
    'wl04-root',
    4,
    'CronJob',
    podSpec({ securityContext: { runAsUser: 0, seccompProfile: { type: 'RuntimeDefault' } } }),
    ['GC-WL-04'],
  ),
  of('wl04-escalation', 4, 'Deployment', withSecurity({ capabilities: { drop: ['ALL'] } }), ['GC-WL-04']),
  of('wl04-no-seccomp', 3, 'Deployment', podSpec({ securityContext: { runAsNonRoot: true } }), ['GC-WL-04']),
  of(
    'wl04-nfs-volume',
    4,
    'Deployment',
    podSpec({ volumes: [{ name: 'share', nfs: { server: 'nfs.example', path: '/' } }] }),
    ['GC-WL-04'],
  ),
  of('wl04-warned-level-2', 2, 'Deployment', podSpec({ hostPID: true }), ['GC-WL-04']),
  of(
    'wl04-baseline-allows-root',
    4,
    'Deployment',
    podSpec({ securityContext: {}, containers: [container({ securityContext: {} })] }),
    [],
    { podSecurity: 'baseline' },
  ),
  of(
    'wl04-baseline-host-port',
    4,
    'Deployment',
    podSpec({ containers: [container({ ports: [{ containerPort: 80, hostPort: 80 }] })] }),
    ['GC-WL-04'],
    { podSecurity: 'baseline' },
  ),
  of('wl04-bare-pod-privileged', 4, 'Pod', withSecurity({ privileged: true }), ['GC-WL-04'], {
    apiServerFirst: 'pod-security',
  }),
  of(
    'wl04-ephemeral-privileged',
    4,
    'Pod',
    podSpec({ ephemeralContainers: [debug(GOOD_IMAGE, { privileged: true })] }),
    ['GC-WL-04'],
    { apiServerFirst: 'create-validation' },
  ),
]

const tokens: CorpusCase[] = [
  of('wl05-automount', 4, 'Deployment', podSpec({ automountServiceAccountToken: undefined }), ['GC-WL-05']),
  of('wl05-automount-true', 5, 'Job', podSpec({ automountServiceAccountToken: true }), ['GC-WL-05']),
]

/** Missing fields: a bare minimum workload fails what it leaves out, and nothing errs. */
const sparse: CorpusCase[] = [
  of(
    'sparse-level-2',
    2,
    'Deployment',
    { containers: [{ name: 'app', image: 'registry.langson.gov.vn/demo/app:1.0' }] },
    ['GC-WL-01', 'GC-WL-04', 'GC-WL-05'],
  ),
  of('sparse-level-1-latest', 1, 'DaemonSet', { containers: [{ name: 'app', image: 'docker.io/nginx:latest' }] }, [
    'GC-WL-01',
    'GC-WL-03',
    'GC-WL-04',
    'GC-WL-05',
  ]),
]

export const WORKLOAD_CASES: readonly CorpusCase[] = [
  ...good,
  ...resources,
  ...registries,
  ...pinning,
  ...privilege,
  ...tokens,
  ...sparse,
]
