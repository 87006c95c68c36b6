import { execFile } from 'node:child_process'
import { createHash, randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { promisify } from 'node:util'
import pg from 'pg'
import { createDb, createDriverPool, type Db } from '#server/db/client'
import { grantAppRole, roleOf } from '#server/db/grants'
import { applyMigrations, listMigrations } from '#server/db/schema-engine'
import { requireStackSetting } from './stack-env'

// Each test file gets a database of its own, copied from a template that the global setup
// migrated once (CREATE DATABASE ... TEMPLATE takes ~100 ms; migrating takes seconds). As in a
// deployment, the owner role migrates it and the tests, like the console, connect as the app role
// (docs/decisions/0033-database-roles.md); the cluster's superuser only creates and drops databases.

/** The stack's URL for `role` ('app', 'owner' or the superuser 'admin'), on `database`. */
export function serverUrl(database: string, role: 'app' | 'owner' | 'admin' = 'admin'): string {
  const key = { app: 'DATABASE_URL', owner: 'DATABASE_OWNER_URL', admin: 'DATABASE_ADMIN_URL' }[role]
  const url = new URL(requireStackSetting(key))
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

export type TestDatabase = {
  /** As the console connects: the app role. */
  url: string
  /** As migrations connect: the owner of every table (triggers still apply to it). */
  ownerUrl: string
  /** The cluster's superuser (can bypass triggers: what an attacker with the server would have). */
  adminUrl: string
  name: string
  db: Db
  /** The pg driver's pool on the same database as `db` (the metering's write path COPYs). */
  pool: pg.Pool
  drop(): Promise<void>
}

const pools = new WeakMap<Db, pg.Pool>()

/** The driver pool of the test database `db` belongs to, for helpers that are handed only `db`. */
export function driverPoolOf(db: Db): pg.Pool {
  const pool = pools.get(db)
  if (!pool) throw new Error('not a test database made by createTestDatabase')
  return pool
}

/** A freshly migrated, empty database; `drop()` it in afterAll. */
export async function createTestDatabase(options: { poolSize?: number } = {}): Promise<TestDatabase> {
  const name = `t_${randomBytes(6).toString('hex')}`
  const owner = pg.escapeIdentifier(roleOf(serverUrl(name, 'owner')))
  await admin((c) => c.query(`CREATE DATABASE "${name}" TEMPLATE "${templateName()}" OWNER ${owner}`))
  const url = serverUrl(name, 'app')
  const db = createDb(url, options)
  // drop() ends the database under connections the pool is still closing: that is expected.
  const pool = createDriverPool(url, { onIdleError: () => undefined })
  pools.set(db, pool)
  return {
    url,
    ownerUrl: serverUrl(name, 'owner'),
    adminUrl: serverUrl(name, 'admin'),
    name,
    db,
    pool,
    async drop() {
      await pool.end()
      await db.$disconnect()
      await admin((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`))
    },
  }
}

const ROOT = resolve(import.meta.dirname, '../..')

/** Writes demo data (prisma/seed.ts) into an empty, migrated database. */
export async function seedDatabase(databaseUrl: string): Promise<void> {
  // This test process's own Node.js (the pinned one), not whichever `node` tsx's shebang would find.
  await promisify(execFile)(process.execPath, ['--import', 'tsx', 'prisma/seed.ts'], {
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
 * What the template is made of: the migrations, the grants and the roles. Worktrees with other
 * migrations share the cluster, so each fingerprint has a template of its own (never dropped
 * under another run that copies it).
 */
function fingerprint(): string {
  const migrations = listMigrations().migrationDirectories
  return createHash('sha256')
    .update(JSON.stringify(migrations.map((m) => [m.path, m.migrationFile.content])))
    .update(readFileSync(new URL('../../server/db/grants.ts', import.meta.url), 'utf8'))
    .update(`${roleOf(serverUrl('x', 'owner'))}/${roleOf(serverUrl('x', 'app'))}`)
    .digest('hex')
}

let template: string | undefined
const templateName = (): string => (template ??= `govcloud_template_${fingerprint().slice(0, 16)}`)

/**
 * Makes the template when it does not exist yet. Called by the global setup of every test project,
 * which run in parallel: an advisory lock makes the others wait for the first.
 */
export async function ensureTemplateDatabase(): Promise<void> {
  const name = templateName()
  await admin(async (c) => {
    await c.query('SELECT pg_advisory_lock(7357)')
    try {
      const exists = await c.query('SELECT 1 FROM pg_database WHERE datname = $1 AND datistemplate', [name])
      if (exists.rowCount) return
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)
      await c.query(`CREATE DATABASE "${name}" OWNER ${pg.escapeIdentifier(roleOf(serverUrl(name, 'owner')))}`)
      await applyMigrations(serverUrl(name, 'owner'))
      await grantAppRole(serverUrl(name, 'owner'), roleOf(serverUrl(name, 'app')))
      // Marked a template only once complete: a run that died half-way leaves one that is redone.
      await c.query(`ALTER DATABASE "${name}" IS_TEMPLATE true`)
    } finally {
      await c.query('SELECT pg_advisory_unlock(7357)')
    }
  })
}
