// Lists of any kind as the API server's JSON (not @kubernetes/client-node's classes, which rename
// fields such as `_from`): what the security scan's CEL evaluator reads (decision 0038). Paged
// with `limit` and `continue`, so a cluster-wide list of ten thousand objects is a few requests of
// bounded size. A list's items carry no apiVersion or kind; they are set here from the resource.
import type * as k8s from '@kubernetes/client-node'
import { rawGet } from './raw-get'

/** A kind to list: its API group ('' for the core group), version, plural resource and kind. */
export interface RawResource {
  readonly group: string
  readonly version: string
  readonly resource: string
  readonly kind: string
}

/** An object as the API server sends it, with apiVersion and kind set. */
export interface RawObject {
  readonly apiVersion: string
  readonly kind: string
  readonly metadata: {
    readonly name?: string
    readonly namespace?: string
    readonly uid?: string
    readonly resourceVersion?: string
    readonly labels?: Readonly<Record<string, string>>
    readonly annotations?: Readonly<Record<string, string>>
    readonly ownerReferences?: ReadonlyArray<{
      readonly kind: string
      readonly uid: string
      readonly controller?: boolean
    }>
    readonly [key: string]: unknown
  }
  readonly [key: string]: unknown
}

export interface RawList {
  readonly items: RawObject[]
  /** The list's resourceVersion: where a watch that follows it starts. */
  readonly resourceVersion: string
}

/** Objects per page; a page of Pods with their managed fields stays well under the body limit. */
const PAGE_SIZE = 500
const MAX_PAGE_BYTES = 64 * 1024 * 1024

export const apiVersionOf = (r: RawResource) => (r.group === '' ? r.version : `${r.group}/${r.version}`)

/** The collection's path, in one namespace or across all of them. */
export function collectionPath(r: RawResource, namespace?: string): string {
  const base = r.group === '' ? `/api/${r.version}` : `/apis/${r.group}/${r.version}`
  return namespace ? `${base}/namespaces/${encodeURIComponent(namespace)}/${r.resource}` : `${base}/${r.resource}`
}

interface ListPage {
  readonly metadata?: { readonly resourceVersion?: string; readonly continue?: string }
  readonly items?: Array<{ readonly metadata: RawObject['metadata']; readonly [key: string]: unknown }>
}

/** GETs one path as JSON; anything but 200 is an error naming the path and the status. */
export async function getJson<T>(kubeConfig: k8s.KubeConfig, path: string, timeoutMs = 30_000): Promise<T> {
  const answer = await rawGet(kubeConfig, path, { timeoutMs, maxBodyBytes: MAX_PAGE_BYTES })
  if (answer.status !== 200)
    throw new Error(`GET ${path.split('?')[0]}: ${answer.status} ${answer.body.slice(0, 200).replace(/\s+/g, ' ')}`)
  if (answer.truncated) throw new Error(`GET ${path.split('?')[0]}: the answer is over ${MAX_PAGE_BYTES} bytes`)
  return JSON.parse(answer.body) as T
}

/** Every object of the kind (in a namespace or all), optionally by label or field selector, page by page. */
export async function listRaw(
  kubeConfig: k8s.KubeConfig,
  r: RawResource,
  options: { namespace?: string; labelSelector?: string; fieldSelector?: string; pageSize?: number } = {},
): Promise<RawList> {
  const apiVersion = apiVersionOf(r)
  const items: RawObject[] = []
  let resourceVersion = ''
  let next: string | undefined
  do {
    const query = new URLSearchParams({ limit: String(options.pageSize ?? PAGE_SIZE) })
    if (options.labelSelector) query.set('labelSelector', options.labelSelector)
    if (options.fieldSelector) query.set('fieldSelector', options.fieldSelector)
    if (next) query.set('continue', next)
    const page = await getJson<ListPage>(kubeConfig, `${collectionPath(r, options.namespace)}?${query}`)
    for (const item of page.items ?? []) items.push({ ...item, apiVersion, kind: r.kind })
    // The first page's version is the list's: the later pages are read at it.
    resourceVersion ||= page.metadata?.resourceVersion ?? ''
    next = page.metadata?.continue || undefined
  } while (next)
  return { items, resourceVersion }
}
