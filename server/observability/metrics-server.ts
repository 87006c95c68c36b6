import { createServer, type Server } from 'node:http'
import { z } from 'zod'
import type { Db } from '../db/client'
import { readDatabaseGauges } from './database-gauges'
import { metricsRegistry } from './metrics'
import { log } from './log'

// A worker's /metrics (issue 16, decision 0065): its own counters and histograms, and the gauges
// read from the database at the scrape. Listens only when METRICS_LISTEN is set (host:port).
// The development server (vite.config.ts) serves its own here too, without the gauges: as in
// production, they are the workers' to read (bin/serve.mjs reads none).

const listenPattern = /^(.*):(\d{1,5})$/

/** METRICS_LISTEN, shared by both workers' settings and the development server's. */
export const metricsListenShape = {
  METRICS_LISTEN: z
    .preprocess(
      (v) => (v === '' ? undefined : v),
      z
        .string()
        .regex(listenPattern, { error: 'must be host:port, e.g. 127.0.0.1:9465' })
        .refine((v) => Number(listenPattern.exec(v)?.[2]) >= 1 && Number(listenPattern.exec(v)?.[2]) <= 65_535, {
          error: 'must name a port from 1 to 65535',
        })
        .optional(),
    )
    .transform((v) =>
      v === undefined
        ? undefined
        : { host: listenPattern.exec(v)![1] || '0.0.0.0', port: Number(listenPattern.exec(v)![2]) },
    ),
}

export interface MetricsListen {
  readonly host: string
  readonly port: number
}

/** Serves GET /metrics until closed, with the database's gauges when given one; resolves once listening. */
export async function startMetricsServer(listen: MetricsListen, db?: Db): Promise<Server> {
  const server = createServer((request, response) => {
    if (request.url !== '/metrics' || request.method !== 'GET') {
      response.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Not Found\n')
      return
    }
    ;(db ? readDatabaseGauges(db) : Promise.resolve())
      .then(() => metricsRegistry.metrics())
      .then(
        (text) => response.writeHead(200, { 'Content-Type': metricsRegistry.contentType }).end(text),
        (error: unknown) => {
          log.error({ err: error, source: 'metrics' }, 'the scrape failed')
          response.writeHead(503, { 'Content-Type': 'text/plain; charset=utf-8' }).end('metrics unavailable\n')
        },
      )
  })
  await new Promise<void>((listening, failed) => {
    server.once('error', failed)
    server.listen(listen.port, listen.host, () => listening())
  })
  return server
}
