// What the platform checks look at, asked of the platform as it runs: the API server without
// credentials and, as the console, its bindings, /metrics and /flagz; the object storage without a
// signature (S3 and the filer's own HTTP API); the audit trail's last checkpoint. A probe that
// gets no usable answer leaves its fact null (its check is then not evaluated), and says why.
import { lastCheckpoint } from '../audit/integrity'
import type { AuditReader } from '../audit/settings'
import type { Db } from '../db/client'
import type { KubernetesConnection } from '../platform/kubernetes/connection'
import { rawGet } from '../platform/kubernetes/raw-get'
import { anonymousBinding, type PlatformFacts, type Probed } from './platform-checks'

export interface PlatformProbeDeps {
  readonly db: Db
  /** The API server as the console (decision 0026); the anonymous probes use its server and CA only. */
  readonly kube: KubernetesConnection
  /** The S3 endpoint, asked without a signature. */
  readonly s3Endpoint: string
  /** Buckets to ask for a listing without a signature (a few of the projects'). */
  readonly sampleBuckets: () => Promise<readonly string[]>
  /** The SeaweedFS filer's HTTP API, when the data centre names it. */
  readonly filerUrl?: string
  /** The audit trail's settings and public key; absent: GC-PLT-05 is not evaluated. */
  readonly audit?: AuditReader
  readonly timeoutMs?: number
  readonly now?: () => Date
}

/** Resource paths an anonymous caller must not read (health and version are public by design). */
export const ANONYMOUS_PATHS = ['/api', '/apis', '/api/v1/namespaces', '/api/v1/secrets', '/apis/apps/v1/deployments']

type Gathered = { facts: PlatformFacts; problems: string[] }

async function attempt<T>(what: string, problems: string[], probe: () => Promise<T>): Promise<T | null> {
  try {
    return await probe()
  } catch (error) {
    problems.push(`${what}: ${error instanceof Error ? error.message : String(error)}`)
    return null
  }
}

async function asked(target: string, fetching: Promise<Response>): Promise<Probed> {
  const response = await fetching
  await response.body?.cancel()
  return { target, status: response.status }
}

async function anonymousBindings(kube: KubernetesConnection): Promise<string[]> {
  const [cluster, namespaced] = await Promise.all([
    kube.rbac.listClusterRoleBinding({}, kube.options),
    kube.rbac.listRoleBindingForAllNamespaces({}, kube.options),
  ])
  const subjects = (list?: Array<{ kind: string; name: string }>) =>
    (list ?? []).map((s) => ({ kind: s.kind, name: s.name }))
  return [
    ...cluster.items.map((b) =>
      anonymousBinding({
        kind: 'ClusterRoleBinding',
        name: b.metadata?.name ?? '',
        roleRef: b.roleRef.name,
        subjects: subjects(b.subjects),
      }),
    ),
    ...namespaced.items.map((b) =>
      anonymousBinding({
        kind: 'RoleBinding',
        namespace: b.metadata?.namespace ?? '',
        name: b.metadata?.name ?? '',
        roleRef: b.roleRef.name,
        subjects: subjects(b.subjects),
      }),
    ),
  ].filter((b): b is string => b !== null)
}

/** A non-resource path as the console; its text, or null with the reason when not 200. */
async function consoleText(deps: PlatformProbeDeps, path: string, problems: string[]): Promise<string | null> {
  const answer = await attempt(path, problems, () =>
    rawGet(deps.kube.kubeConfig, path, { accept: 'text/plain', timeoutMs: deps.timeoutMs }),
  )
  if (answer && answer.status !== 200) problems.push(`${path}: HTTP ${answer.status}`)
  return answer?.status === 200 ? answer.body : null
}

async function storageReads(deps: PlatformProbeDeps): Promise<Probed[]> {
  const signal = () => AbortSignal.timeout(deps.timeoutMs ?? 10_000)
  const base = deps.s3Endpoint.replace(/\/$/, '')
  const buckets = await deps.sampleBuckets()
  return Promise.all([
    asked('S3 ListBuckets', fetch(`${base}/`, { signal: signal() })),
    ...buckets.map((b) => asked(`S3 ListObjects ${b}`, fetch(`${base}/${b}?list-type=2`, { signal: signal() }))),
    ...(deps.filerUrl
      ? [
          asked(
            'filer GET /buckets/',
            fetch(`${deps.filerUrl.replace(/\/$/, '')}/buckets/`, {
              headers: { Accept: 'application/json' },
              signal: signal(),
            }),
          ),
        ]
      : []),
  ])
}

async function trail(db: Db, audit: AuditReader, now: Date): Promise<PlatformFacts['trail']> {
  const [last, entries] = await Promise.all([lastCheckpoint(db, audit, now), db.auditEntry.count()])
  return { last: last && { number: last.number, createdAt: last.createdAt, stale: last.stale }, entries }
}

export async function probePlatform(deps: PlatformProbeDeps): Promise<Gathered> {
  const problems: string[] = []
  const now = deps.now?.() ?? new Date()
  const kubeConfig = deps.kube.kubeConfig
  const [reads, bindings, metrics, flagz, storage, audit] = await Promise.all([
    attempt('anonymous API reads', problems, () =>
      Promise.all(
        ANONYMOUS_PATHS.map(async (path) => {
          const answer = await rawGet(kubeConfig, path, { anonymous: true, timeoutMs: deps.timeoutMs })
          return { target: path, status: answer.status }
        }),
      ),
    ),
    attempt('role bindings', problems, () => anonymousBindings(deps.kube)),
    consoleText(deps, '/metrics', problems),
    consoleText(deps, '/flagz', problems),
    attempt('anonymous storage reads', problems, () => storageReads(deps)),
    deps.audit ? attempt('audit checkpoints', problems, () => trail(deps.db, deps.audit!, now)) : Promise.resolve(null),
  ])
  return {
    facts: {
      anonymousReads: reads,
      anonymousBindings: bindings,
      metrics,
      flagz,
      storageReads: storage,
      trail: audit,
      now,
    },
    problems,
  }
}
