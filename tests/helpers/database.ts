import { execFile } from 'node:child_process'
import { createHash, randomBytes } from 'node:crypto'
import { resolve } from 'node:path'
import { promisify } from 'node:util'
import pg from 'pg'
import { createDb, type Db } from '#server/db/client'
import { applyMigrations, listMigrations } from '#server/db/schema-engine'
import { requireStackSetting } from './stack-env'

// Each test file gets a database of its own, copied from a template that the global setup
// migrated once (CREATE DATABASE ... TEMPLATE takes ~100 ms; migrating takes seconds).
export const TEMPLATE_DATABASE = 'govcloud_template'

export function serverUrl(database: string): string {
  const url = new URL(requireStackSetting('DATABASE_URL'))
  url.pathname = `/${database}`
  return url.toString()
}

async function admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl('postgres') })
  await client.connect()
  try {
    return await work(client)
  } finally {
    await client.end()
  }
}

export type TestDatabase = { url: string; name: string; db: Db; drop(): Promise<void> }

/** A freshly migrated, empty database; `drop()` it in afterAll. */
export async function createTestDatabase(options: { poolSize?: number } = {}): Promise<TestDatabase> {
  const name = `t_${randomBytes(6).toString('hex')}`
  await admin((c) => c.query(`CREATE DATABASE "${name}" TEMPLATE "${TEMPLATE_DATABASE}"`))
  const url = serverUrl(name)
  const db = createDb(url, options)
  return {
    url,
    name,
    db,
    async drop() {
      await db.$disconnect()
      await admin((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`))
    },
  }
}

const ROOT = resolve(import.meta.dirname, '../..')

/** Writes demo data (prisma/seed.ts) into an empty, migrated database. */
export async function seedDatabase(databaseUrl: string): Promise<void> {
  await promisify(execFile)(resolve(ROOT, 'node_modules/.bin/tsx'), ['prisma/seed.ts'], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: databaseUrl },
  })
}

/** A fresh database with `prisma/seed.ts`'s Lạng Sơn demo data (agencies, projects, requests, people). */
export async function createSeededDatabase(options: { poolSize?: number } = {}): Promise<TestDatabase> {
  const database = await createTestDatabase(options)
  try {
    await seedDatabase(database.url)
    return database
  } catch (error) {
    await database.drop()
    throw error
  }
}

/**
 * How many rows of these tables hold `text` anywhere (any column, as JSON): for a secret that must
 * be kept nowhere.
 */
export async function rowsContaining(db: Db, text: string, tables: readonly string[]): Promise<number> {
  const counts = tables.map((table) => `(SELECT count(*) FROM "${table}" t WHERE row_to_json(t)::text LIKE $1)`)
  const rows = await db.$queryRawUnsafe<{ found: bigint }[]>(`SELECT ${counts.join(' + ')} AS found`, `%${text}%`)
  return Number(rows[0]?.found)
}

/**
 * (Re)creates the template when the migrations changed since it was made (their fingerprint is
 * kept as the database's comment). Called by the global setup of every test project, which run
 * in parallel: an advisory lock makes the others wait for the first.
 */
export async function prepareTemplateDatabase(
  migrate: (url: string) => Promise<unknown>,
  fingerprint: string,
): Promise<void> {
  await admin(async (c) => {
    await c.query('SELECT pg_advisory_lock(7357)')
    try {
      const current = await c.query<{ comment: string | null }>(
        "SELECT shobj_description(oid, 'pg_database') AS comment FROM pg_database WHERE datname = $1",
        [TEMPLATE_DATABASE],
      )
      if (current.rows[0]?.comment === fingerprint) return
      await c.query(`DROP DATABASE IF EXISTS "${TEMPLATE_DATABASE}" WITH (FORCE)`)
      await c.query(`CREATE DATABASE "${TEMPLATE_DATABASE}"`)
      await migrate(serverUrl(TEMPLATE_DATABASE))
      await c.query(`COMMENT ON DATABASE "${TEMPLATE_DATABASE}" IS '${fingerprint}'`)
    } finally {
      await c.query('SELECT pg_advisory_unlock(7357)')
    }
  })
}

/** The template as the migrations in the working tree make it (rebuilt only when they changed). */
export async function ensureTemplateDatabase(): Promise<void> {
  const migrations = listMigrations().migrationDirectories
  const fingerprint = createHash('sha256')
    .update(JSON.stringify(migrations.map((m) => [m.path, m.migrationFile.content])))
    .digest('hex')
  await prepareTemplateDatabase(applyMigrations, fingerprint)
}
