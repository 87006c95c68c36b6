// The cluster scan on change (decision 0039): one watch per kind the rules judge, cluster-wide,
// and one of the namespaces the console manages (by its label). A change in a managed namespace
// names that namespace; the caller debounces and re-scans just it. Each watch resumes from the
// last resourceVersion it saw after an error or a closed connection; when the API server no longer
// has that version (410 Gone) events were missed, so it starts again from now and asks for a full
// scan (onResync).
import { setMaxListeners } from 'node:events'
import * as k8s from '@kubernetes/client-node'
import { managedSelector } from '../domain/ownership-labels'
import { FIELD_MANAGER } from '../platform/kubernetes/connection'
import { collectionPath, getJson, listRaw, type RawObject, type RawResource } from '../platform/kubernetes/raw-list'
import { RULE_RESOURCES } from './rules'

export interface ClusterWatchOptions {
  readonly kubeConfig: k8s.KubeConfig
  /** Something the scan judges changed in this managed namespace (or the namespace itself did). */
  readonly onChange: (namespace: string) => void
  /** Events may have been missed: scan everything. */
  readonly onResync: () => void
  /** A watch failed and will be started again (logs). */
  readonly onProblem?: (message: string) => void
  /** How long the server keeps each watch open before it is resumed; 25 s unless said. */
  readonly watchSeconds?: number
  /**
   * Where the kinds' first watches start instead of their current version: a version the server
   * no longer keeps makes it answer 410, as after a long disconnection (the tests' way to it).
   */
  readonly initialVersion?: string
}

export interface ClusterWatch {
  /** Resolves once every watch has started (its first connection made or failed). */
  readonly started: Promise<void>
  stop(): void
}

const NAMESPACES: RawResource = { group: '', version: 'v1', resource: 'namespaces', kind: 'Namespace' }
const JUDGED_KINDS = new Set(RULE_RESOURCES.map((r) => r.kind))
/**
 * The server ends each watch after this long, within @kubernetes/client-node's fixed 30 s of
 * silence; with bookmarks allowed it sends one 2 s before the end (k8s.io/apiserver v0.34.4,
 * cacheWatcher.nextBookmarkTime), so even a quiet kind resumes from a version that is still kept.
 */
const WATCH_SECONDS = 25
const MAX_BACKOFF_MS = 30_000

type Outcome = { readonly resourceVersion: string; readonly gone: boolean }

/**
 * Objects a judged object controls (a Deployment's ReplicaSets and Pods) are not judged (decision
 * 0039), and their status changes most: their changes are not followed.
 */
const controlled = (object: RawObject) =>
  object.metadata.ownerReferences?.some((o) => o.controller === true && JUDGED_KINDS.has(o.kind)) ?? false

/** One watch connection from `resourceVersion` until it ends; events go to `onEvent`. */
async function watchOnce(
  watcher: k8s.Watch,
  path: string,
  query: Record<string, string | number | boolean>,
  onEvent: (type: string, object: RawObject) => void,
  signal: AbortSignal,
): Promise<Outcome> {
  let resourceVersion = String(query['resourceVersion'] ?? '')
  let gone = false
  let abort: (() => void) | null = null
  let finished = false
  const ended = () => {
    finished = true
    if (abort) signal.removeEventListener('abort', abort)
  }
  return new Promise<Outcome>((resolve, reject) => {
    const started = watcher.watch(
      path,
      query,
      (type: string, object: RawObject & { code?: number }) => {
        if (type === 'ERROR') {
          if (object.code === 410) gone = true
          return
        }
        resourceVersion = object.metadata?.resourceVersion ?? resourceVersion
        if (type !== 'BOOKMARK') onEvent(type, object)
      },
      (error: unknown) => {
        ended()
        if (error && !gone) reject(error instanceof Error ? error : new Error(JSON.stringify(error)))
        else resolve({ resourceVersion, gone })
      },
    )
    void started.then((controller) => {
      if (finished) return
      abort = () => controller.abort()
      if (signal.aborted) controller.abort()
      else signal.addEventListener('abort', abort, { once: true })
    })
  })
}

/** The current resourceVersion of a kind, without its objects (a list of one). */
async function currentVersion(kubeConfig: k8s.KubeConfig, r: RawResource): Promise<string> {
  const page = await getJson<{ metadata?: { resourceVersion?: string } }>(kubeConfig, `${collectionPath(r)}?limit=1`)
  return page.metadata?.resourceVersion ?? ''
}

export function watchCluster(options: ClusterWatchOptions): ClusterWatch {
  const stopping = new AbortController()
  // One listener per kind's open watch.
  setMaxListeners(RULE_RESOURCES.length + 4, stopping.signal)
  const managed = new Set<string>()
  const watcher = new k8s.Watch(options.kubeConfig)
  const selector = managedSelector(FIELD_MANAGER)

  /** Fills the set of managed namespaces from a fresh list; answers its version. */
  const relistNamespaces = async () => {
    const list = await listRaw(options.kubeConfig, NAMESPACES, { labelSelector: selector })
    managed.clear()
    for (const ns of list.items) managed.add(ns.metadata.name ?? '')
    return list.resourceVersion
  }
  const onNamespace = (type: string, ns: RawObject) => {
    const name = ns.metadata.name ?? ''
    if (type === 'DELETED') managed.delete(name)
    else managed.add(name)
    options.onChange(name)
  }
  const onObject = (_type: string, object: RawObject) => {
    const namespace = object.metadata.namespace ?? ''
    if (managed.has(namespace) && !controlled(object)) options.onChange(namespace)
  }

  /** Follows one kind for good; `ready` once its first version is known (or could not be). */
  const follow = async (r: RawResource, first: () => Promise<string>, onEvent: typeof onObject, ready: () => void) => {
    let resourceVersion = ''
    let backoffMs = 1_000
    while (!stopping.signal.aborted) {
      try {
        resourceVersion ||= await first()
        ready()
        const query = {
          resourceVersion,
          allowWatchBookmarks: true,
          timeoutSeconds: options.watchSeconds ?? WATCH_SECONDS,
          ...(r === NAMESPACES ? { labelSelector: selector } : {}),
        }
        const outcome = await watchOnce(watcher, collectionPath(r), query, onEvent, stopping.signal)
        resourceVersion = outcome.gone ? '' : outcome.resourceVersion
        if (outcome.gone) options.onResync()
        backoffMs = 1_000
      } catch (error) {
        ready()
        if (stopping.signal.aborted) return
        options.onProblem?.(`watch of ${r.resource}: ${error instanceof Error ? error.message : String(error)}`)
        await new Promise((wait) => setTimeout(wait, backoffMs).unref())
        backoffMs = Math.min(backoffMs * 2, MAX_BACKOFF_MS)
      }
    }
  }
  const following = (r: RawResource, first: () => Promise<string>, onEvent: typeof onObject) =>
    new Promise<void>((ready) => void follow(r, first, onEvent, ready))

  // The namespaces first: events of other kinds count only in a managed namespace. After a 410
  // the namespaces are listed again, so the set is whole.
  const firstVersion = (r: RawResource) => {
    let given = options.initialVersion
    return async () => {
      const version = given
      given = undefined
      return version ?? currentVersion(options.kubeConfig, r)
    }
  }
  const started = following(NAMESPACES, relistNamespaces, onNamespace).then(async () => {
    await Promise.all(RULE_RESOURCES.map((r) => following(r, firstVersion(r), onObject)))
  })
  return { started, stop: () => stopping.abort() }
}
