// @ts-check
// The web tier's request latency, by Remix route (issue 16, decision 0065). Loaded into each page
// process by worker-http.mjs, which times every request it hands to remix-serve; the primary
// (serve.mjs) sums the page processes' metrics through prom-client's cluster aggregation and
// serves them on METRICS_LISTEN. The route label is the id of the deepest route Remix's own
// matcher picks for the path (or the route a data request names), never the path itself: paths
// carry namespaces and agency codes, and each distinct one would be a new series.
// The development server (vite.config.ts) times its requests with the same histogram, its routes
// read from the build Vite serves (requestTimer), so `npm run dev`'s metrics are production's.
import { statSync } from 'node:fs'
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { matchRoutes } from '@remix-run/react'
import client from 'prom-client'
import { log } from '../server/observability/log.ts'

const HISTOGRAM = 'govcloud_http_request_duration_seconds'
// The one already registered when this module is evaluated again in the same process (Vite loads
// its configuration anew when the file changes, and registering a name twice throws).
const histogram =
  /** @type {client.Histogram<'route' | 'method' | 'status'> | undefined} */ (
    client.register.getSingleMetric(HISTOGRAM)
  ) ??
  new client.Histogram({
    name: HISTOGRAM,
    help: 'Time from a request reaching a page process to its response finishing, by route, method and status class.',
    labelNames: ['route', 'method', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  })

// In a page process this answers the primary's requests for the process's metrics.
new client.AggregatorRegistry()

/** @typedef {{ id: string, path?: string, index?: boolean, caseSensitive?: boolean, children: RouteNode[] }} RouteNode */

/** @typedef {{ tree: RouteNode[], ids: Set<string> }} KnownRoutes */
/** @typedef {{ routes: Record<string, { id: string, parentId?: string, path?: string, index?: boolean, caseSensitive?: boolean }> }} ServerBuild */

/**
 * The build remix-serve serves: the module it already loaded, at the same URL, with the same
 * `?t=<mtime>` it adds (@remix-run/serve's cli), so the import is a cache hit; any other URL would
 * evaluate the whole app a second time (its metrics' registration then fails, which
 * tests/integration/console/metrics.test.ts would show as requests without a route).
 * @returns {Promise<ServerBuild>}
 */
async function loadServedBuild() {
  const buildPath = resolve(process.argv[2] ?? '')
  return import(`${pathToFileURL(buildPath).href}?t=${statSync(buildPath).mtimeMs}`)
}

/**
 * The build's flat route list (id, parentId, path) as the nested tree the matcher takes.
 * @param {ServerBuild} build
 * @returns {KnownRoutes}
 */
function routesOf(build) {
  const flat = build.routes
  /** @type {Map<string, RouteNode>} */
  const nodes = new Map()
  for (const route of Object.values(flat)) {
    nodes.set(route.id, {
      id: route.id,
      path: route.path,
      index: route.index,
      caseSensitive: route.caseSensitive,
      children: [],
    })
  }
  /** @type {RouteNode[]} */
  const tree = []
  for (const route of Object.values(flat)) {
    const node = /** @type {RouteNode} */ (nodes.get(route.id))
    const parent = route.parentId ? nodes.get(route.parentId) : undefined
    if (parent) parent.children.push(node)
    else tree.push(node)
  }
  return { tree, ids: new Set(nodes.keys()) }
}

/**
 * @param {string} url
 * @param {KnownRoutes} known
 */
function routeOf(url, known) {
  const parsed = new URL(url, 'http://console')
  const data = parsed.searchParams.get('_data')
  if (data !== null) return known.ids.has(data) ? data : 'unknown'
  // A `noIndex` React Router type is wider than ours; the matcher only reads the fields we give.
  const matches = matchRoutes(/** @type {any} */ (known.tree), parsed.pathname)
  return matches?.at(-1)?.route.id ?? 'unmatched'
}

/**
 * A function that starts timing a request; the sample is taken when its response has finished,
 * labelled with the route the build that `loadBuild` gives matches. `once`: the build is read at the
 * first request and kept (remix-serve's never changes); otherwise at each (Vite's changes as files do).
 * @param {() => Promise<ServerBuild>} loadBuild
 * @param {{ once: boolean }} options
 * @returns {(request: import('node:http').IncomingMessage, response: import('node:http').ServerResponse) => void}
 */
export function requestTimer(loadBuild, { once }) {
  /** @type {Promise<KnownRoutes> | undefined} */
  let kept
  const known = () => (once ? (kept ??= loadBuild().then(routesOf)) : loadBuild().then(routesOf))
  return (request, response) => {
    const started = process.hrtime.bigint()
    response.once('finish', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9
      void known()
        .then((routes) => {
          histogram.observe(
            {
              route: routeOf(request.url ?? '/', routes),
              method: request.method ?? 'GET',
              status: `${Math.floor(response.statusCode / 100)}xx`,
            },
            seconds,
          )
        })
        .catch((error) => log.error({ err: error, source: 'metrics' }, 'the route of a request could not be told'))
    })
  }
}

/** Times a request to remix-serve's page process, its routes from the build it serves. */
export const timeRequest = requestTimer(loadServedBuild, { once: true })
