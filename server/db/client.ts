import pg from 'pg'
import { PrismaPg } from '@prisma/adapter-pg'
import { PrismaClient } from './generated/client'

export type Db = PrismaClient
/** A transaction client: what functions that must run inside someone else's transaction take. */
export type Tx = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0]

/** A Prisma client on the pg driver adapter (Prisma 7 has no native query engine). */
export function createDb(databaseUrl: string, options: { poolSize?: number } = {}): Db {
  const adapter = new PrismaPg({ connectionString: databaseUrl, max: options.poolSize ?? 10 })
  return new PrismaClient({ adapter })
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
