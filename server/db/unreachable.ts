// Is this failure the database being out of reach (stopped, restarting, cut off), rather than a
// fault of the request? Pages and the API then answer 503 with "try again shortly" instead of a
// 500 (decision 0071): the console itself is sound and recovers by itself once the database is
// back, so the person should wait, not report a bug. Plain data in, no I/O.

/** Prisma's codes for a server it could not reach, that closed the connection or a pool that timed out. */
const PRISMA_CODES = new Set(['P1001', 'P1002', 'P1017', 'P2024'])
/** The pg driver adapter's kinds for the same (@prisma/adapter-pg's convertDriverError). */
const ADAPTER_KINDS = new Set(['DatabaseNotReachable', 'ConnectionClosed', 'SocketTimeout', 'TooManyConnections'])
/**
 * PostgreSQL's SQLSTATEs while it shuts down or starts (57P01 admin_shutdown, 57P02 crash_shutdown,
 * 57P03 cannot_connect_now) and class 08, connection exceptions.
 */
const SQLSTATE = /^(57P0[123]|08\w{3})$/
/** Node's socket errors and pg's own words for a connection the server dropped. */
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE'])
const DROPPED = /Connection terminated|Can't reach database server|server closed the connection/i

type Loose = { code?: unknown; kind?: unknown; message?: unknown; meta?: unknown; cause?: unknown }

function matchesOne(error: Loose): boolean {
  if (typeof error.code === 'string' && (PRISMA_CODES.has(error.code) || SOCKET_CODES.has(error.code))) return true
  if (typeof error.code === 'string' && SQLSTATE.test(error.code)) return true
  if (typeof error.kind === 'string' && ADAPTER_KINDS.has(error.kind)) return true
  return typeof error.message === 'string' && DROPPED.test(error.message)
}

/** True when `error`, or anything it wraps (cause, Prisma's driverAdapterError), says the database is unreachable. */
export function isDatabaseUnreachable(error: unknown): boolean {
  const seen = new Set<unknown>()
  const queue: unknown[] = [error]
  while (queue.length > 0) {
    const next = queue.shift()
    if (typeof next !== 'object' || next === null || seen.has(next)) continue
    seen.add(next)
    const loose = next as Loose
    if (matchesOne(loose)) return true
    queue.push(loose.cause)
    const meta = loose.meta as { driverAdapterError?: unknown } | undefined
    if (meta && typeof meta === 'object') queue.push(meta.driverAdapterError)
  }
  return false
}
