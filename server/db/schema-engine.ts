import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { PrismaPg } from '@prisma/adapter-pg'
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils'
import * as engineBindings from '@prisma/schema-engine-wasm/schema_engine_bg'

// Prisma 7's CLI downloads a native schema engine from binaries.prisma.sh before `migrate`
// (and even before `generate`); that host is out of reach here and in the data centre. Prisma
// publishes the same engine compiled to WebAssembly on npm, driven through a driver adapter,
// so migrations run with the exact engine the CLI would use (docs/decisions/0005).

export const PRISMA_DIR = join(import.meta.dirname, '../../prisma')
export const MIGRATIONS_DIR = join(PRISMA_DIR, 'migrations')
const SCHEMA_PATH = join(PRISMA_DIR, 'schema.prisma')
const LOCKFILE = 'migration_lock.toml'
const NO_FILTERS = { externalTables: [], externalEnums: [] }

type MigrationList = {
  baseDir: string
  lockfile: { path: string; content: string | null }
  shadowDbInitScript: string
  migrationDirectories: { path: string; migrationFile: { path: string; content: { tag: 'ok'; value: string } } }[]
}

interface WasmSchemaEngine {
  applyMigrations(input: {
    migrationsList: MigrationList
    filters: typeof NO_FILTERS
  }): Promise<{ appliedMigrationNames: string[] }>
  diff(input: unknown): Promise<{ exitCode: number; stdout: string | null }>
  reset(input: { filter: typeof NO_FILTERS }): Promise<void>
  free(): void
}

// Once per process, not once per evaluation of this file: the bindings module above is Node's, one
// for the whole process, while this file may be evaluated again (each test file of a vitest fork
// gets its own copy). A second instance set into the same bindings left the first engine's glue
// pointing at the new memory: the second file's applyMigrations hung (the whole suite, 13:21,
// faults/postgres-restart after faults/keycloak-restart) or threw from the engine's callbacks.
const INSTANTIATED = Symbol.for('govcloud.schemaEngineWasm.instantiated')
const processWide = globalThis as { [INSTANTIATED]?: true }

function loadEngineModule(): { SchemaEngine: { new: (...args: unknown[]) => Promise<WasmSchemaEngine> } } {
  if (!processWide[INSTANTIATED]) {
    // The package is built for bundlers (it imports the .wasm as a module); Node needs it done by hand.
    const require = createRequire(import.meta.url)
    const wasmPath = require
      .resolve('@prisma/schema-engine-wasm')
      .replace(/schema_engine\.js$/, 'schema_engine_bg.wasm')
    const instance = new WebAssembly.Instance(new WebAssembly.Module(readFileSync(wasmPath)), {
      './schema_engine_bg.js': engineBindings as unknown as WebAssembly.ModuleImports,
    })
    ;(engineBindings as unknown as { __wbg_set_wasm(exports: unknown): void }).__wbg_set_wasm(instance.exports)
    ;(instance.exports as { __wbindgen_start(): void }).__wbindgen_start()
    processWide[INSTANTIATED] = true
  }
  return engineBindings as unknown as ReturnType<typeof loadEngineModule>
}

function schemaFiles() {
  return [{ path: SCHEMA_PATH, content: readFileSync(SCHEMA_PATH, 'utf8') }]
}

export function listMigrations(): MigrationList {
  const dirs = existsSync(MIGRATIONS_DIR)
    ? readdirSync(MIGRATIONS_DIR, { withFileTypes: true })
        .filter((d) => d.isDirectory())
        .map((d) => d.name)
        .sort()
    : []
  const lockPath = join(MIGRATIONS_DIR, LOCKFILE)
  return {
    baseDir: MIGRATIONS_DIR,
    lockfile: { path: LOCKFILE, content: existsSync(lockPath) ? readFileSync(lockPath, 'utf8') : null },
    shadowDbInitScript: '',
    migrationDirectories: dirs.map((dir) => ({
      path: dir,
      migrationFile: {
        path: 'migration.sql',
        content: { tag: 'ok', value: readFileSync(join(MIGRATIONS_DIR, dir, 'migration.sql'), 'utf8') },
      },
    })),
  }
}

async function withEngine<T>(databaseUrl: string, work: (engine: WasmSchemaEngine) => Promise<T>): Promise<T> {
  const { SchemaEngine } = loadEngineModule()
  // The engine never closes what it opens; we do, or the database stays busy (and cannot be a template).
  const opened: { dispose(): Promise<void> }[] = []
  const factory = wholeScriptsInOneQuery(new PrismaPg({ connectionString: databaseUrl }), opened)
  const engine = await SchemaEngine.new(
    { datamodels: schemaFiles().map((f) => [f.path, f.content]) },
    (line: string) => {
      if (process.env.PRISMA_ENGINE_LOG) console.error(line)
    },
    bindMigrationAwareSqlAdapterFactory(factory),
  )
  try {
    return await work(engine)
  } finally {
    engine.free()
    await Promise.all(opened.map((adapter) => adapter.dispose()))
  }
}

/**
 * The pg adapter runs a migration by splitting it on every `;`, which breaks function bodies
 * (dollar quotes) and applies half a migration when a statement fails. Sent whole, PostgreSQL runs
 * a multi-statement script as one implicit transaction: all of it or none.
 */
function wholeScriptsInOneQuery(factory: PrismaPg, opened: { dispose(): Promise<void> }[]): PrismaPg {
  const connect = factory.connect.bind(factory)
  factory.connect = async () => {
    const adapter = await connect()
    opened.push(adapter)
    const internals = adapter as unknown as {
      client: { query(sql: string): Promise<unknown> }
      onError(e: unknown): never
    }
    adapter.executeScript = async (script: string) => {
      try {
        await internals.client.query(script)
      } catch (error) {
        internals.onError(error)
      }
    }
    return adapter
  }
  return factory
}

/** `prisma migrate deploy`: apply every migration the database has not seen, in order. */
export async function applyMigrations(databaseUrl: string): Promise<string[]> {
  return withEngine(databaseUrl, async (engine) => {
    const result = await engine.applyMigrations({ migrationsList: listMigrations(), filters: NO_FILTERS })
    return result.appliedMigrationNames
  })
}

/** Drop everything in the database's schema (tests and `db:reset` only). */
export async function resetDatabase(databaseUrl: string): Promise<void> {
  await withEngine(databaseUrl, (engine) => engine.reset({ filter: NO_FILTERS }))
}

/**
 * `prisma migrate dev --create-only`: the SQL that takes the database from the schema of the last
 * migration to schema.prisma, written as a new migration folder. Each migration folder keeps a copy
 * of the schema it leads to (`schema.prisma`, which migrate ignores), so the diff is schema to schema
 * and needs no shadow database: the WebAssembly engine can neither open one nor introspect through
 * the pg adapter (it fails on PostgreSQL's "char" columns). Hand-written SQL in a migration
 * (triggers, check constraints) is kept, since the next diff starts from the schema, not the database.
 */
export function createMigration(databaseUrl: string, name: string): Promise<string | null> {
  const previous = listMigrations().migrationDirectories.at(-1)
  const previousSchema = previous ? readFileSync(join(MIGRATIONS_DIR, previous.path, 'schema.prisma'), 'utf8') : null
  // The engine insists on a connection even for a schema-to-schema diff; it reads nothing from it.
  return withEngine(databaseUrl, async (engine) => {
    const result = await engine.diff({
      from:
        previousSchema === null
          ? { tag: 'empty' }
          : { tag: 'schemaDatamodel', files: [{ path: SCHEMA_PATH, content: previousSchema }] },
      to: { tag: 'schemaDatamodel', files: schemaFiles() },
      script: true,
      exitCode: null,
      filters: NO_FILTERS,
    })
    const script = result.stdout ?? ''
    if (!/\S/.test(script.replace(/^--.*$/gm, ''))) return null
    const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14)
    const dirName = `${stamp}_${name}`
    mkdirSync(join(MIGRATIONS_DIR, dirName), { recursive: true })
    writeFileSync(join(MIGRATIONS_DIR, dirName, 'migration.sql'), script)
    writeFileSync(join(MIGRATIONS_DIR, dirName, 'schema.prisma'), schemaFiles()[0]!.content)
    const lockPath = join(MIGRATIONS_DIR, LOCKFILE)
    if (!existsSync(lockPath))
      writeFileSync(lockPath, '# Written by the migration tool; keep it in version control.\nprovider = "postgresql"\n')
    return dirName
  })
}
