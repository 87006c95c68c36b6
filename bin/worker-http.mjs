// @ts-check
// Loaded into each console worker before remix-serve (`node --import`, see serve.mjs): what the
// worker's HTTP server does before remix-serve sees a request, where remix-serve offers no hook.
// - The socket's peer address goes to the app in PEER_ADDRESS_HEADER, replacing any value a client
//   sent: remix-serve builds the app's Request from headers alone, and the app decides from the
//   peer whether to believe X-Forwarded-For and -Proto (server/config/trusted-proxies.ts, 0031).
// - TRACE is refused with 405: the Fetch API cannot carry it (nor CONNECT, which node:http answers
//   itself), so remix-serve would answer its own 500 page; no route of the console answers it.
// - Every request is timed for /metrics (http-metrics.mjs), refused ones included.
// - Each request gets its id (decision 0070): its well-formed X-Request-Id, else a new one, sent
//   back in the response's X-Request-Id and handed to the app in the same request header; the
//   request is handled inside that id's context, so every line logged for it carries the id.
// - One access log line a request, JSON through the console's logger (server/observability/
//   log.ts), written when the response closes: each query's parameter names but not their values
//   (a sign-in's callback carries its authorization code and state in the query, and no code,
//   token or search a person typed belongs in a log: tests/integration/console/log-secrets.test.ts).
//   remix-serve's own access log (morgan "tiny") is silenced, so there is one, not two.
import http from 'node:http'
import { createRequire } from 'node:module'
import { log, requestIdFrom, logAllOutput, withRequestId } from '../server/observability/log.ts'
import { timeRequest } from './http-metrics.mjs'

logAllOutput()
const access = log.child({ source: 'access' })

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

// The morgan remix-serve itself loads (resolved from remix-serve's own place) looks its format up
// by name when remix-serve calls morgan("tiny"); a format that writes nothing makes it skip each line.
const morgan = createRequire(createRequire(import.meta.url).resolve('@remix-run/serve/dist/cli.js'))('morgan')
morgan.tiny = () => undefined

/**
 * The access log's line for a request, once its response has closed (finished, or cut off by
 * the client: then `aborted`). Server errors are logged as errors, the rest as information.
 * @param {http.IncomingMessage} request
 * @param {http.ServerResponse} response
 */
function logAccess(request, response) {
  const started = process.hrtime.bigint()
  response.once('close', () => {
    const line = {
      method: request.method,
      url: withoutQueryValues(request.url ?? ''),
      status: response.statusCode,
      ms: Math.round(Number(process.hrtime.bigint() - started) / 1e4) / 100,
      ...(response.writableFinished ? {} : { aborted: true }),
    }
    if (response.statusCode >= 500) access.error(line, 'request')
    else access.info(line, 'request')
  })
}

const createServer = http.createServer
http.createServer = /** @type {typeof http.createServer} */ (
  function createWorkerServer(/** @type {any[]} */ ...args) {
    const at = args.findIndex((arg) => typeof arg === 'function')
    if (at !== -1) {
      const listener = args[at]
      args[at] = (/** @type {http.IncomingMessage} */ request, /** @type {http.ServerResponse} */ response) => {
        const requestId = requestIdFrom(request.headers['x-request-id'])
        request.headers['x-request-id'] = requestId
        response.setHeader('X-Request-Id', requestId)
        withRequestId(requestId, () => {
          timeRequest(request, response)
          logAccess(request, response)
          if (prepare(request, response)) listener(request, response)
        })
      }
    }
    return createServer.apply(http, /** @type {any} */ (args))
  }
)
