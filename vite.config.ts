import { vitePlugin as remix } from '@remix-run/dev'
import { defineConfig } from 'vite'
import tsconfigPaths from 'vite-tsconfig-paths'
import { z } from 'zod'
import { requestTimer, type ServerBuild } from './bin/http-metrics.mjs'
import { PEER_ADDRESS_HEADER } from './server/config/peer-address'
import { log, requestIdFrom, withRequestId } from './server/observability/log'
import { metricsListenShape, startMetricsServer } from './server/observability/metrics-server'

// Loaders return plain objects (single fetch): tell the type helpers so.
declare module '@remix-run/node' {
  interface Future {
    v3_singleFetch: true
  }
}

export default defineConfig({
  server: { host: '127.0.0.1' },
  plugins: [
    // The development server hands the app the socket's peer address and the request's id as
    // bin/worker-http.mjs does in production (decisions 0031, 0070), before Remix's own middleware
    // sees the request.
    {
      name: 'govcloud-peer-address',
      configureServer(server) {
        server.middlewares.use((request, response, next) => {
          request.headers[PEER_ADDRESS_HEADER] = request.socket.remoteAddress ?? ''
          const requestId = requestIdFrom(request.headers['x-request-id'])
          request.headers['x-request-id'] = requestId
          response.setHeader('X-Request-Id', requestId)
          withRequestId(requestId, next)
        })
      },
    },
    // `npm run dev`'s metrics (decision 0077): with METRICS_LISTEN set (infra/local/dev sets it),
    // the development server serves /metrics on that port of its own, as bin/serve.mjs does in
    // production, and the local VictoriaMetrics scrapes it (job govcloud-dev). Its requests are timed
    // into the same histogram by Remix route, read from the build Vite serves. Only requests Vite
    // did not answer itself (modules, assets, its client) reach this middleware, which runs after
    // Vite's own and before Remix's handler (the plugin comes before Remix's).
    {
      name: 'govcloud-dev-metrics',
      configureServer(server) {
        const listen = z.object(metricsListenShape).parse(process.env).METRICS_LISTEN
        if (!listen) return
        startMetricsServer(listen).then(
          (metrics) => {
            log.info({ source: 'metrics' }, `metrics on ${listen.host}:${listen.port}/metrics`)
            server.httpServer?.once('close', () => metrics.close())
          },
          (error: unknown) => log.error({ err: error, source: 'metrics' }, 'the metrics listener did not start'),
        )
        const timeRequest = requestTimer(
          () => server.ssrLoadModule('virtual:remix/server-build') as Promise<ServerBuild>,
          { once: false },
        )
        return () => {
          server.middlewares.use((request, response, next) => {
            timeRequest(request, response)
            next()
          })
        }
      },
    },
    remix({
      ignoredRouteFiles: ['**/*.test.{ts,tsx}', '**/*.css'],
      future: {
        v3_fetcherPersist: true,
        v3_relativeSplatPath: true,
        v3_throwAbortReason: true,
        v3_singleFetch: true,
        v3_lazyRouteDiscovery: true,
      },
    }),
    tsconfigPaths(),
  ],
})
