// The listener SeaweedFS's S3 gateway sends its access log to (fluent forward protocol over TCP,
// decision 0040). It listens on loopback only: the protocol has no authentication that weed's
// client speaks, so whoever can connect can claim a key was used; on one host that is a local
// process. Each connection's bytes are decoded as msgpack values (forward-protocol.ts); a message
// is handed to `onEvents` and, when it asks (`chunk`), acknowledged once that resolves, so weed
// sends it again if the connection dropped first. Whatever breaks the protocol, is larger
// than the limit or stays silent too long closes its connection, never the listener.
import { createServer, type Server, type Socket } from 'node:net'
import { encode } from '@msgpack/msgpack'
import { FORWARD_LIMITS, forwardDecoder, readForwardMessage, type ForwardEvent } from './forward-protocol'

export interface ReceiverOptions {
  readonly host: string
  /** 0: any free port (tests). */
  readonly port: number
  /** Takes a message's events; the message is acknowledged once it resolves, never if it throws. */
  readonly onEvents: (events: readonly ForwardEvent[]) => Promise<void>
  /** A connection closed for cause, in words without the record (a key's id at most). */
  readonly onRefused?: (reason: string) => void
  /** A connection silent this long is closed (weed reconnects and resends what was not acknowledged). */
  readonly idleMs?: number
  readonly maxConnections?: number
}

export interface AccessLogReceiver {
  readonly port: number
  close(): Promise<void>
}

const IDLE_MS = 5 * 60_000
const MAX_CONNECTIONS = 32

class FrameTooLarge extends Error {}

/**
 * The socket's bytes, refused once more than a message's limit arrived since the last whole
 * message (`decoded` resets the count): a frame that never ends cannot fill the memory.
 */
async function* bounded(socket: Socket, counter: { bytes: number }): AsyncGenerator<Buffer> {
  for await (const chunk of socket as AsyncIterable<Buffer>) {
    counter.bytes += chunk.length
    if (counter.bytes > FORWARD_LIMITS.frameBytes) throw new FrameTooLarge('a message beyond the size limit')
    yield chunk
  }
}

async function serve(socket: Socket, options: ReceiverOptions): Promise<void> {
  const counter = { bytes: 0 }
  for await (const value of forwardDecoder().decodeStream(bounded(socket, counter))) {
    counter.bytes = 0
    const message = readForwardMessage(value)
    if (!message) continue
    await options.onEvents(message.events)
    if (message.chunk !== null && !socket.destroyed) socket.write(encode({ ack: message.chunk }))
  }
}

/** Starts listening; resolves once it does (rejects with EADDRINUSE and the like). */
export function startAccessLogReceiver(options: ReceiverOptions): Promise<AccessLogReceiver> {
  const sockets = new Set<Socket>()
  const server: Server = createServer((socket) => {
    sockets.add(socket)
    socket.setTimeout(options.idleMs ?? IDLE_MS, () => socket.destroy())
    socket.on('close', () => sockets.delete(socket))
    socket.on('error', () => undefined)
    serve(socket, options)
      .then(() => socket.end())
      .catch((error: unknown) => {
        options.onRefused?.(error instanceof Error ? `${error.constructor.name}: ${error.message}` : 'refused')
        socket.destroy()
      })
  })
  server.maxConnections = options.maxConnections ?? MAX_CONNECTIONS
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen({ host: options.host, port: options.port }, () => {
      server.off('error', reject)
      const address = server.address()
      resolve({
        port: typeof address === 'object' && address ? address.port : options.port,
        close: () =>
          new Promise<void>((done) => {
            for (const socket of sockets) socket.destroy()
            server.close(() => done())
          }),
      })
    })
  })
}
