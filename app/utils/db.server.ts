import { createDb, type Db } from '#server/db/client'
import { getEnv } from './env.server'

// One Prisma client per process. Vite's dev server re-imports modules on every change, so the
// client is kept on globalThis there; in production the module is loaded once anyway.
const holder = globalThis as typeof globalThis & { __govcloudDb?: Db }

export function getDb(): Db {
  holder.__govcloudDb ??= createDb(getEnv().DATABASE_URL)
  return holder.__govcloudDb
}
