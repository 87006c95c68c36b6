#!/usr/bin/env node
// @ts-check
// The console in production: `remix-serve` on the built app, in one worker process per CPU core
// (decision 0017). A Node process renders pages on one core; the console's fixed cost per page
// (session, Remix's route matching, React's rendering: ≈ 16 ms of CPU) queues requests behind
// each other on one core while the others idle. Workers share the listening socket through
// node:cluster (the primary hands each new connection to the next worker in turn).
//
//   node bin/serve.mjs ./build/server/index.js
//
// CONSOLE_WORKERS sets how many (default: the cores this process may use). Everything else is
// remix-serve's: PORT (default 3000 here, so all workers share one port), HOST, NODE_ENV.
// A worker that dies is replaced, at most once a second, so a crash loop does not spin; when no
// worker manages to start at all, the server stops with code 1 instead; SIGTERM or SIGINT stops
// the workers and then the primary (below).
import cluster from 'node:cluster'
import http from 'node:http'
import { availableParallelism } from 'node:os'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import client from 'prom-client'
import { log, logAllOutput } from '../server/observability/log.ts'

logAllOutput()
/** The primary's lines (decision 0070): JSON, as the page processes' and the workers' are. */
const serveLog = log.child({ source: 'serve' })

const RESTART_DELAY_MS = 1_000

/** @param {string | undefined} raw */
function workerCount(raw) {
  if (raw === undefined || raw === '') return availableParallelism()
  const count = Number(raw)
  if (!Number.isInteger(count) || count < 1 || count > 64) {
    serveLog.fatal(`CONSOLE_WORKERS must be a whole number from 1 to 64, not "${raw}"`)
    process.exit(2)
  }
  return count
}

const build = process.argv[2]
if (!build) {
  serveLog.fatal('usage: node bin/serve.mjs <server build>, e.g. node bin/serve.mjs ./build/server/index.js')
  process.exit(2)
}
const workers = workerCount(process.env.CONSOLE_WORKERS)
// Without PORT each remix-serve would look for a free port of its own; the workers must share one.
process.env.PORT ??= '3000'

// Each worker loads worker-http.mjs first: it hands the socket's peer address to the app, which
// remix-serve alone would not (decision 0031), and refuses the methods Fetch cannot carry.
cluster.setupPrimary({
  exec: createRequire(import.meta.url).resolve('@remix-run/serve/dist/cli.js'),
  args: [build],
  execArgv: [...process.execArgv, '--import', fileURLToPath(new URL('./worker-http.mjs', import.meta.url))],
})

let stopping = false
let lastRestart = 0
/** Whether any worker ever listened: if one did, the configuration and the build are sound. */
let anyListened = false

function fork() {
  const worker = cluster.fork()
  let listened = false
  worker.once('listening', () => (listened = anyListened = true))
  // Handing a connection to a worker that has just died fails on its IPC channel with an 'error'
  // event; unhandled, it would crash the primary and, with it, every other worker.
  worker.on('error', (error) => serveLog.error({ err: error, worker: worker.process.pid }, 'worker channel error'))
  worker.on('exit', (code, signal) => {
    if (stopping) return
    if (!listened && !anyListened) {
      // No worker ever started (a configuration error, a missing build): another would fail the
      // same way. One that dies while starting after others have started is restarted like any.
      serveLog.fatal(
        { worker: worker.process.pid, code, signal },
        `worker ${worker.process.pid} failed to start (${signal ?? `code ${code}`}); stopping`,
      )
      stop(1)
      return
    }
    serveLog.error(
      { worker: worker.process.pid, code, signal },
      `worker ${worker.process.pid} exited (${signal ?? `code ${code}`}); starting another`,
    )
    const wait = Math.max(0, lastRestart + RESTART_DELAY_MS - Date.now())
    lastRestart = Date.now() + wait
    setTimeout(fork, wait)
  })
}

// METRICS_LISTEN (host:port, e.g. 0.0.0.0:9464 in a pod): the page processes' metrics summed,
// in Prometheus's format, at /metrics on a port of its own, which the cluster's NetworkPolicy
// opens to the metrics store only (decision 0065). Unset: no listener.
/** @param {string | undefined} raw */
function metricsListen(raw) {
  if (raw === undefined || raw === '') return undefined
  const match = /^(.*):(\d{1,5})$/.exec(raw)
  const port = Number(match?.[2])
  if (!match || port < 1 || port > 65_535) {
    serveLog.fatal(`METRICS_LISTEN must be host:port (e.g. 127.0.0.1:9464), not "${raw}"`)
    process.exit(2)
  }
  return { host: match[1] || '0.0.0.0', port }
}
const metricsAt = metricsListen(process.env.METRICS_LISTEN)
if (metricsAt) {
  const aggregator = new client.AggregatorRegistry()
  http
    .createServer((request, response) => {
      if (request.url !== '/metrics' || request.method !== 'GET') {
        response.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Not Found\n')
        return
      }
      aggregator.clusterMetrics().then(
        (text) => response.writeHead(200, { 'Content-Type': aggregator.contentType }).end(text),
        (/** @type {Error} */ error) => {
          serveLog.error({ err: error }, 'metrics unavailable')
          response.writeHead(503, { 'Content-Type': 'text/plain; charset=utf-8' }).end('metrics unavailable\n')
        },
      )
    })
    .listen(metricsAt.port, metricsAt.host, () =>
      serveLog.info(`metrics on ${metricsAt.host}:${metricsAt.port}/metrics`),
    )
}

for (let i = 0; i < workers; i++) fork()
serveLog.info(`${workers} worker${workers === 1 ? '' : 's'} on port ${process.env.PORT}`)

// Stopping: each worker is disconnected (node:cluster closes its listener; the requests it holds are
// answered, idle keep-alive connections closed) and, once it has no connection left, ended. It
// must be ended: remix-serve stays alive after closing its listener while the database pool's
// idle connections time out. One that holds a request for more than STOP_TIMEOUT_MS is killed.
const STOP_TIMEOUT_MS = 10_000

/**
 * @param {number} exitCode
 */
function stop(exitCode) {
  stopping = true
  const running = Object.values(cluster.workers ?? {}).filter((worker) => worker !== undefined)
  const exits = running.map(
    (worker) => new Promise((exited) => (worker.isDead() ? exited(undefined) : worker.once('exit', exited))),
  )
  for (const worker of running) worker.kill('SIGKILL') // in the primary: disconnect first, then the signal
  const timer = setTimeout(
    () => running.forEach((worker) => worker.isDead() || worker.process.kill('SIGKILL')),
    STOP_TIMEOUT_MS,
  )
  void Promise.all(exits).then(() => {
    clearTimeout(timer)
    process.exit(exitCode)
  })
}

for (const signal of /** @type {const} */ (['SIGTERM', 'SIGINT'])) process.once(signal, () => stop(0))
