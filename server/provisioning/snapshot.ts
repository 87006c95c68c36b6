// Reading the platform: every object the console manages and every bucket, once per pass over
// many projects (a few list calls), or fresh for one project. The passes compare against this.
import type * as k8s from '@kubernetes/client-node'
import { FIELD_MANAGER } from '../platform/kubernetes/connection'
import type { KubernetesPlatform } from '../platform/kubernetes/platform'
import { MANAGED_KINDS, refKey, type ManagedKind, type ManagedObject } from '../platform/kubernetes/objects'
import type { ObjectStorage } from '../platform/storage/object-storage'
import { eachConcurrently } from '../jobs/each-concurrently'
import { LABELS, MANAGED_SELECTOR } from './desired'

/** What the platform looked like at the start of a pass over many projects (a few list calls). */
export interface PlatformSnapshot {
  /** namespace → the console's objects in it (the Namespace included), as its label selects them */
  readonly objects: ReadonlyMap<string, readonly ManagedObject[]>
  /**
   * namespace → what is there without the console's label: the Namespace itself when someone else
   * made it (a project's name taken before the project), and NetworkPolicies in the console's
   * namespaces that it did not make (decision 0034; drift when they admit more than the project).
   */
  readonly unlabelled: ReadonlyMap<string, readonly ManagedObject[]>
  readonly buckets: ReadonlySet<string> | null
}

/** One namespace as a pass sees it: the console's objects, and the rest it must judge. */
export interface NamespaceContents {
  readonly ours: ManagedObject[]
  readonly unlabelled: ManagedObject[]
}

const Kinds: readonly ManagedKind[] = MANAGED_KINDS
/** Listed without the label selector: someone else's namespace or policy matters too. */
const LISTED_WHOLE: ReadonlySet<ManagedKind> = new Set(['Namespace', 'NetworkPolicy'])

/**
 * Reads every object the console manages: cluster-wide in a handful of list calls, or, for a pass
 * over a few named namespaces, namespace by namespace (one GET for a namespace that does not
 * exist yet), which is cheaper than listing a large cluster for them.
 */
export async function snapshotPlatform(
  kube: KubernetesPlatform,
  storage: ObjectStorage | null,
  namespaces?: readonly string[],
  concurrency = 16,
): Promise<PlatformSnapshot> {
  const objects = new Map<string, ManagedObject[]>()
  const unlabelled = new Map<string, ManagedObject[]>()
  const buckets = storage ? storage.listBuckets().then((names) => new Set(names)) : Promise.resolve(null)
  // Awaited only once the cluster has answered: a storage that fails sooner (stopped, refusing
  // connections) must not be an unhandled rejection meanwhile, which ends a Node process and with it
  // the worker (found by tests/integration/faults/s3-restart.test.ts, decision 0071). The await
  // below still throws it.
  buckets.catch(() => undefined)
  if (namespaces) {
    await eachConcurrently(namespaces, concurrency, async (ns) => {
      const found = await readNamespace(kube, ns)
      if (found.ours.length > 0) objects.set(ns, found.ours)
      if (found.unlabelled.length > 0) unlabelled.set(ns, found.unlabelled)
    })
    return { objects, unlabelled, buckets: await buckets }
  }
  const lists = await Promise.all(
    Kinds.map((kind) => kube.list(kind, LISTED_WHOLE.has(kind) ? {} : { labelSelector: MANAGED_SELECTOR })),
  )
  lists.forEach((items, i) => {
    for (const item of items) {
      const ns = Kinds[i] === 'Namespace' ? item.metadata?.name : item.metadata?.namespace
      if (ns) addTo(isManaged(item) ? objects : unlabelled, ns, withKind(item, Kinds[i]!))
    }
  })
  // Only the unlabelled policies of the console's namespaces are its business.
  for (const [ns, found] of unlabelled) {
    const rest = found.filter((o) => o.kind === 'Namespace' || objects.has(ns))
    if (rest.length > 0) unlabelled.set(ns, rest)
    else unlabelled.delete(ns)
  }
  return { objects, unlabelled, buckets: await buckets }
}

/** A namespace's objects from the snapshot when there is one, read fresh otherwise. */
export async function namespaceContents(
  kube: KubernetesPlatform,
  namespace: string,
  snapshot?: PlatformSnapshot,
): Promise<NamespaceContents> {
  if (!snapshot) return readNamespace(kube, namespace)
  return {
    ours: [...(snapshot.objects.get(namespace) ?? [])],
    unlabelled: [...(snapshot.unlabelled.get(namespace) ?? [])],
  }
}

/** The Namespace object itself, whoever made it (the snapshot's or a fresh read's). */
export function namespaceObject(contents: NamespaceContents): k8s.V1Namespace | undefined {
  return [...contents.ours, ...contents.unlabelled].find((o) => o.kind === 'Namespace') as k8s.V1Namespace | undefined
}

/** Bucket names from the snapshot when it has them, listed fresh otherwise. */
export async function bucketNames(storage: ObjectStorage, snapshot?: PlatformSnapshot): Promise<ReadonlySet<string>> {
  return snapshot?.buckets ?? new Set(await storage.listBuckets())
}

/** Objects by their reference key (kind, namespace, name). */
export function indexObjects(objects: readonly ManagedObject[]): Map<string, ManagedObject> {
  return new Map(
    objects.map((o) => [
      refKey({
        kind: o.kind as ManagedKind,
        namespace: o.kind === 'Namespace' ? undefined : o.metadata?.namespace,
        name: o.metadata?.name ?? '',
      }),
      o,
    ]),
  )
}

function withKind(object: ManagedObject, kind: ManagedKind): ManagedObject {
  // List items come without kind; the reconciler keys objects by kind.
  if (!object.kind) object.kind = kind
  return object
}

function isManaged(object: ManagedObject): boolean {
  return object.metadata?.labels?.[LABELS.managedBy] === FIELD_MANAGER
}

function addTo(map: Map<string, ManagedObject[]>, ns: string, object: ManagedObject): void {
  const list = map.get(ns) ?? []
  list.push(object)
  map.set(ns, list)
}

/**
 * One namespace read fresh (absent: one call). A namespace someone else made is returned as it is
 * and nothing in it is read: the console has no business there.
 */
async function readNamespace(kube: KubernetesPlatform, namespace: string): Promise<NamespaceContents> {
  const ns = await kube.read({ kind: 'Namespace', name: namespace })
  if (!ns) return { ours: [], unlabelled: [] }
  if (!isManaged(ns)) return { ours: [], unlabelled: [withKind(ns, 'Namespace')] }
  const lists = await Promise.all(
    Kinds.filter((k) => k !== 'Namespace').map(async (kind) =>
      (
        await kube.list(kind, LISTED_WHOLE.has(kind) ? { namespace } : { namespace, labelSelector: MANAGED_SELECTOR })
      ).map((o) => withKind(o, kind)),
    ),
  )
  const found = lists.flat()
  return {
    ours: [withKind(ns, 'Namespace'), ...found.filter(isManaged)],
    unlabelled: found.filter((o) => !isManaged(o)),
  }
}
