// @ts-check
// The web tier's request latency, by Remix route (issue 16, decision 0065). Loaded into each page
// process by worker-http.mjs, which times every request it hands to remix-serve; the primary
// (serve.mjs) sums the page processes' metrics through prom-client's cluster aggregation and
// serves them on METRICS_LISTEN. The route label is the id of the deepest route Remix's own
// matcher picks for the path (or the route a data request names), never the path itself: paths
// carry namespaces and agency codes, and each distinct one would be a new series.
import { statSync } from 'node:fs'
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { matchRoutes } from '@remix-run/react'
import client from 'prom-client'

const histogram = new client.Histogram({
  name: 'govcloud_http_request_duration_seconds',
  help: 'Time from a request reaching a page process to its response finishing, by route, method and status class.',
  labelNames: ['route', 'method', 'status'],
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
})

// In a page process this answers the primary's requests for the process's metrics.
new client.AggregatorRegistry()

/** @typedef {{ id: string, path?: string, index?: boolean, caseSensitive?: boolean, children: RouteNode[] }} RouteNode */

/** @type {Promise<{ tree: RouteNode[], ids: Set<string> }> | undefined} */
let routes

/**
 * The build's flat route list (id, parentId, path) as the nested tree the matcher takes. The build
 * is the module remix-serve already loaded: the same URL, with the same `?t=<mtime>` it adds
 * (@remix-run/serve's cli), so the import is a cache hit; any other URL would evaluate the whole
 * app a second time (its metrics' registration then fails, which tests/integration/console/
 * metrics.test.ts would show as requests without a route).
 */
async function loadRoutes() {
  const buildPath = resolve(process.argv[2] ?? '')
  const build = await import(`${pathToFileURL(buildPath).href}?t=${statSync(buildPath).mtimeMs}`)
  /** @type {Record<string, { id: string, parentId?: string, path?: string, index?: boolean, caseSensitive?: boolean }>} */
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
 * @param {{ tree: RouteNode[], ids: Set<string> }} known
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
 * Starts timing a request; the sample is taken when its response has finished.
 * @param {import('node:http').IncomingMessage} request
 * @param {import('node:http').ServerResponse} response
 */
export function timeRequest(request, response) {
  const started = process.hrtime.bigint()
  response.once('finish', () => {
    const seconds = Number(process.hrtime.bigint() - started) / 1e9
    routes ??= loadRoutes()
    void routes
      .then((known) => {
        histogram.observe(
          {
            route: routeOf(request.url ?? '/', known),
            method: request.method ?? 'GET',
            status: `${Math.floor(response.statusCode / 100)}xx`,
          },
          seconds,
        )
      })
      .catch((error) => console.error(`[metrics] the route of a request could not be told: ${error.message}`))
  })
}
