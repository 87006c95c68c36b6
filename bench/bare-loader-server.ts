// The baseline "bare loader over HTTP" of bench/workflow-pages.ts and bench/audit-page.ts, in its
// own processes: the queue's, the dashboard's and the audit page's loader functions (the last with
// its query string, read as the page reads it), each behind one path of a bare node:http server
// that answers the loader's result as gzip'd JSON (bigints as strings) — no session,
// authorisation, layout or rendering. It runs in as many node:cluster workers as the console under test
// (WORKERS), each with a database pool the size of the console's (10), so both get the same
// processes and connections.
//
//   DATABASE_URL=… WORKERS=2 node --import tsx bench/bare-loader-server.ts   → prints "listening <port>"
import cluster from 'node:cluster'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { gzipSync } from 'node:zlib'
import { createDb } from '#server/db/client'
import { DEFAULT_APPROVAL_POLICY } from '#server/domain/security-policy'
import { loadDashboard } from '#app/routes/_index/dashboard.server'
import { loadQueue } from '#app/routes/queue/queue.server'
import { auditConsoleDeps } from '#app/routes/audit/audit-deps.server'
import { loadIntegrity } from '#app/routes/audit/integrity.server'
import { TrailQuery, loadTrail } from '#app/routes/audit/trail.server'
import { searchObject } from '#app/utils/paging.server'

const CONSOLE_POOL_SIZE = 10 // server/db/client.ts's default, which the console runs with

if (cluster.isPrimary) {
  const workers = Number(process.env.WORKERS ?? '1')
  let listening = 0
  for (let i = 0; i < workers; i++) {
    cluster.fork().once('listening', (address: AddressInfo) => {
      // Workers listening on port 0 share one port the primary chose.
      if (++listening === workers) console.log(`listening ${address.port}`)
    })
  }
  cluster.on('exit', (_worker, code, signal) => {
    console.error(`bare loader worker exited (${signal ?? `code ${code}`})`)
    process.exit(1)
  })
  process.once('SIGTERM', () => {
    cluster.removeAllListeners('exit')
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGKILL')
    process.exit(0)
  })
} else {
  const db = createDb(process.env.DATABASE_URL!, { poolSize: CONSOLE_POOL_SIZE })
  const loaders: Record<string, (url: URL) => Promise<unknown>> = {
    '/queue': () => loadQueue({ db, locale: 'vi', query: {}, policy: DEFAULT_APPROVAL_POLICY }),
    '/': () => loadDashboard({ db, locale: 'vi', agencyIds: null, showPools: true }),
    '/audit': (url) =>
      Promise.all([
        loadTrail(db, TrailQuery.parse(searchObject(url)), 'vi'),
        loadIntegrity(db, auditConsoleDeps(), 'vi', new Date()),
      ]),
  }
  createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://bare')
    const loader = loaders[url.pathname]
    if (!loader) return void res.writeHead(404).end()
    loader(url).then(
      (result) => {
        const body = gzipSync(JSON.stringify(result, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)))
        res
          .writeHead(200, {
            'content-type': 'application/json',
            'content-encoding': 'gzip',
            'content-length': body.length,
          })
          .end(body)
      },
      (error: unknown) => {
        console.error(error)
        res.writeHead(500).end()
      },
    )
  }).listen(0, '127.0.0.1')
}
