// The socket's peer address, as the console's own server hands it to the app (decision 0031).
// remix-serve builds the app's Request from headers alone and drops the socket; the console's
// server (bin/worker-http.mjs, loaded into every worker by bin/serve.mjs, and the development
// server's middleware in vite.config.ts) writes the peer into this header on every request,
// replacing whatever a client sent under that name. The name is written in bin/worker-http.mjs
// too (plain JavaScript, loaded before any TypeScript): peer-address.test.ts checks they agree.
export const PEER_ADDRESS_HEADER = 'x-govcloud-peer-address'
