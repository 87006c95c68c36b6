// Reading the platform: every object the console manages and every bucket, once per pass over
// many projects (a few list calls), or fresh for one project. The passes compare against this.
import type { KubernetesPlatform } from '../platform/kubernetes/platform'
import { MANAGED_KINDS, refKey, type ManagedKind, type ManagedObject } from '../platform/kubernetes/objects'
import type { ObjectStorage } from '../platform/storage/object-storage'
import { eachConcurrently } from '../jobs/each-concurrently'
import { MANAGED_SELECTOR } from './desired'

/** What the platform looked like at the start of a pass over many projects (a few list calls). */
export interface PlatformSnapshot {
  /** namespace → the console's objects in it (the Namespace included) */
  readonly objects: ReadonlyMap<string, readonly ManagedObject[]>
  readonly buckets: ReadonlySet<string> | null
}

const Kinds: readonly ManagedKind[] = MANAGED_KINDS

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
  const buckets = storage ? storage.listBuckets().then((names) => new Set(names)) : Promise.resolve(null)
  if (namespaces) {
    await eachConcurrently(namespaces, concurrency, async (ns) => {
      const found = await readNamespaceObjects(kube, ns)
      if (found.length > 0) objects.set(ns, found)
    })
    return { objects, buckets: await buckets }
  }
  const lists = await Promise.all(Kinds.map((kind) => kube.list(kind, { labelSelector: MANAGED_SELECTOR })))
  lists.forEach((items, i) => {
    for (const item of items) {
      const ns = Kinds[i] === 'Namespace' ? item.metadata?.name : item.metadata?.namespace
      if (!ns) continue
      const list = objects.get(ns) ?? []
      list.push(withKind(item, Kinds[i]!))
      objects.set(ns, list)
    }
  })
  return { objects, buckets: await buckets }
}

/** A namespace's objects from the snapshot when there is one, read fresh otherwise. */
export async function namespaceObjects(
  kube: KubernetesPlatform,
  namespace: string,
  snapshot?: PlatformSnapshot,
): Promise<ManagedObject[]> {
  return snapshot ? [...(snapshot.objects.get(namespace) ?? [])] : readNamespaceObjects(kube, namespace)
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

/** The console's objects in one namespace, read fresh (absent namespace: one call). */
async function readNamespaceObjects(kube: KubernetesPlatform, namespace: string): Promise<ManagedObject[]> {
  const ns = await kube.read({ kind: 'Namespace', name: namespace })
  if (!ns) return []
  const lists = await Promise.all(
    Kinds.filter((k) => k !== 'Namespace').map(async (kind) =>
      (await kube.list(kind, { namespace, labelSelector: MANAGED_SELECTOR })).map((o) => withKind(o, kind)),
    ),
  )
  return [withKind(ns, 'Namespace'), ...lists.flat()]
}
