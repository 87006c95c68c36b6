// @ts-check
// Loaded into each console worker before remix-serve (`node --import`, see serve.mjs): what the
// worker's HTTP server does before remix-serve sees a request, where remix-serve offers no hook.
// - The socket's peer address goes to the app in PEER_ADDRESS_HEADER, replacing any value a client
//   sent: remix-serve builds the app's Request from headers alone, and the app decides from the
//   peer whether to believe X-Forwarded-For and -Proto (server/config/trusted-proxies.ts, 0031).
// - TRACE is refused with 405: the Fetch API cannot carry it (nor CONNECT, which node:http answers
//   itself), so remix-serve would answer its own 500 page; no route of the console answers it.
// - Every request is timed for /metrics (http-metrics.mjs), refused ones included.
// - remix-serve's access log (morgan "tiny", one line a request) writes each query's parameter
//   names but not their values: a sign-in's callback carries its authorization code and state
//   in the query, and no code, token or search a person typed belongs in a log
//   (tests/integration/console/log-secrets.test.ts).
import http from 'node:http'
import { createRequire } from 'node:module'
import { timeRequest } from './http-metrics.mjs'

/** Same name as server/config/peer-address.ts (server/config/peer-address.test.ts checks it). */
const PEER_ADDRESS_HEADER = 'x-govcloud-peer-address'

/**
 * @param {http.IncomingMessage} request
 * @param {http.ServerResponse} response
 * @returns {boolean} whether the request may go on to the app
 */
function prepare(request, response) {
  if (request.method === 'TRACE') {
    response.writeHead(405, { 'Content-Type': 'text/plain; charset=utf-8', Allow: 'GET, HEAD, POST, PUT, OPTIONS' })
    response.end('Method Not Allowed\n')
    return false
  }
  request.headers[PEER_ADDRESS_HEADER] = request.socket.remoteAddress ?? ''
  return true
}

/** The URL with every query value replaced by "…": /auth/callback?code=…&state=… */
function withoutQueryValues(/** @type {string} */ url) {
  const at = url.indexOf('?')
  if (at === -1) return url
  const names = url
    .slice(at + 1)
    .split('&')
    .map((pair) => `${pair.split('=')[0]}=…`)
  return `${url.slice(0, at)}?${names.join('&')}`
}

// The morgan remix-serve itself loads (resolved from remix-serve's own place): its `url` token is
// looked up at each log line, so this replaces it for the log remix-serve already set up.
const morgan = createRequire(createRequire(import.meta.url).resolve('@remix-run/serve/dist/cli.js'))('morgan')
morgan.token('url', (/** @type {http.IncomingMessage & { originalUrl?: string }} */ request) =>
  withoutQueryValues(request.originalUrl ?? request.url ?? ''),
)

const createServer = http.createServer
http.createServer = /** @type {typeof http.createServer} */ (
  function createWorkerServer(/** @type {any[]} */ ...args) {
    const at = args.findIndex((arg) => typeof arg === 'function')
    if (at !== -1) {
      const listener = args[at]
      args[at] = (/** @type {http.IncomingMessage} */ request, /** @type {http.ServerResponse} */ response) => {
        timeRequest(request, response)
        if (prepare(request, response)) listener(request, response)
      }
    }
    return createServer.apply(http, /** @type {any} */ (args))
  }
)
