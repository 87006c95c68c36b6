import pg from 'pg'

// Prisma's query interpreter loads a query's sibling relations at once (`Promise.all` on its
// `join` node): a `findUnique` with `lines` and `votes` sends three queries together. Outside a
// transaction each takes a connection of the pool; inside one they all go to the transaction's one
// connection, where pg queued them itself and, since pg 8.20, warns "Calling client.query() when the
// client is already executing a query" (a DeprecationWarning, once a process, that the console
// logged at level error under load: decision 0078); pg 9 removes the queue, and such queries would
// then fail. Reported upstream as prisma/orm#29407; a fix in adapter-pg is proposed, not released
// in 7.10.1. Until then the pool's clients chain their own queries, in the order sent, as pg did.

type Tail = { tail: Promise<unknown> }

/** A pg client that runs the queries it is given one after another (for `pg.Pool`'s `Client` option). */
export class SerialClient extends pg.Client {
  private readonly queue: Tail = { tail: Promise.resolve() }

  // pg's overloads (a callback, a submittable, a promise) are passed on as they came.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  override query(...args: any[]): any {
    // The callback and submittable forms are the pool's own (pool.query on a client it has checked
    // out for that one query) and COPY streams: passed on. Prisma's adapter uses the promise form.
    const [config, values, callback] = args as [unknown, unknown, unknown]
    const submittable = typeof (config as { submit?: unknown } | null)?.submit === 'function'
    const withCallback =
      typeof values === 'function' ||
      typeof callback === 'function' ||
      typeof (config as { callback?: unknown } | null)?.callback === 'function'
    if (submittable || withCallback) return super.query(...(args as Parameters<pg.Client['query']>))
    const run = this.queue.tail.then(() => super.query(...(args as Parameters<pg.Client['query']>)))
    this.queue.tail = run.catch(() => undefined)
    return run
  }
}
