import pg from 'pg'
import { PrismaPg } from '@prisma/adapter-pg'
import { PrismaClient } from './generated/client'
import { SerialClient } from './serial-client'
import { runEndingsOf } from './transaction-end'

export { atTransactionEnd } from './transaction-end'

export type Db = PrismaClient
/** A transaction client: what functions that must run inside someone else's transaction take. */
export type Tx = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0]

/**
 * How long every interactive transaction may wait for a connection of the pool (`maxWait`) and
 * then run (`timeout`). Prisma's defaults (2 s, 5 s) made writes the first thing to fail when the
 * pool is busy: at 200 people closed loop (bench/load-200.ts) a request's creation and the API's
 * writes answered 500 "Unable to start a transaction in the given time" while plain reads, which
 * wait in the pg pool without a limit, were still answered. A burst waits its turn instead, within
 * what a person or a script waits for an answer.
 */
export const TRANSACTION_LIMITS = { maxWait: 15_000, timeout: 20_000 } as const

/**
 * A Prisma client on the pg driver adapter (Prisma 7 has no native query engine), whose
 * interactive transactions run the work queued for their end (`atTransactionEnd`: the audit
 * trail's entries, decision 0082) after their callback, before the commit.
 */
export function createDb(databaseUrl: string, options: { poolSize?: number } = {}): Db {
  // Each connection runs its queries one after another itself: a transaction's relations are
  // loaded at once on its one connection (serial-client.ts).
  const adapter = new PrismaPg({ connectionString: databaseUrl, max: options.poolSize ?? 10, Client: SerialClient })
  const client = new PrismaClient({ adapter, transactionOptions: TRANSACTION_LIMITS })
  runEndingsOf(client)
  return client
}

/** The pg driver's own pool beside the Prisma client, for what Prisma cannot do (COPY: the metering's write path). */
export function createDriverPool(
  databaseUrl: string,
  options: { poolSize?: number; onIdleError?: (error: Error) => void } = {},
): pg.Pool {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: options.poolSize ?? 2 })
  // An idle connection the server ended (a restart, a terminated backend) is dropped by the pool and
  // the next query connects again; unheard, the pool's 'error' event would end the process.
  pool.on('error', options.onIdleError ?? ((error) => console.error(`[db] idle connection lost: ${error.message}`)))
  return pool
}
