import { vitePlugin as remix } from '@remix-run/dev'
import { defineConfig } from 'vite'
import tsconfigPaths from 'vite-tsconfig-paths'
import { PEER_ADDRESS_HEADER } from './server/config/peer-address'

// Loaders return plain objects (single fetch): tell the type helpers so.
declare module '@remix-run/node' {
  interface Future {
    v3_singleFetch: true
  }
}

export default defineConfig({
  server: { host: '127.0.0.1' },
  plugins: [
    // The development server hands the app the socket's peer address as bin/worker-http.mjs does
    // in production (decision 0031), before Remix's own middleware sees the request.
    {
      name: 'govcloud-peer-address',
      configureServer(server) {
        server.middlewares.use((request, _response, next) => {
          request.headers[PEER_ADDRESS_HEADER] = request.socket.remoteAddress ?? ''
          next()
        })
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
