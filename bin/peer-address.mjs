// @ts-check
// Loaded into each console worker before remix-serve (`node --import`, see serve.mjs): remix-serve
// gives the app a Request built from headers alone, without the socket, so every HTTP server made
// in this process writes the socket's peer address into PEER_ADDRESS_HEADER first, replacing any
// value a client sent. The app decides from it whether to believe X-Forwarded-For and
// X-Forwarded-Proto (server/config/trusted-proxies.ts, decision 0031).
import http from 'node:http'

/** Same name as server/config/peer-address.ts (server/config/peer-address.test.ts checks it). */
const PEER_ADDRESS_HEADER = 'x-govcloud-peer-address'

const createServer = http.createServer
http.createServer = /** @type {typeof http.createServer} */ (
  function createServerWithPeerAddress(/** @type {any[]} */ ...args) {
    const server = createServer.apply(http, /** @type {any} */ (args))
    // First of all listeners, so nothing reads the headers before the peer is written.
    server.prependListener('request', (request) => {
      request.headers[PEER_ADDRESS_HEADER] = request.socket.remoteAddress ?? ''
    })
    return server
  }
)
