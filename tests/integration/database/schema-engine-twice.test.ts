import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { afterAll, describe, expect, it, vi } from 'vitest'
import { serverUrl } from '../../helpers/database'

// The migrations' WebAssembly engine, loaded again as each test file of a fork loads it
// (server/db/schema-engine.ts is evaluated anew, the engine's bindings module is Node's, shared):
// the second file's migrations hung in the whole suite (faults/postgres-restart after
// faults/keycloak-restart, 2026-12-07 13:21, 300 s to the hook's timeout) and threw from the
// engine's callbacks when tried by hand. Both must apply every migration.

const made: string[] = []

async function emptyDatabase(): Promise<string> {
  const name = `engine_${randomBytes(5).toString('hex')}`
  const admin = new pg.Client({ connectionString: serverUrl('postgres') })
  await admin.connect()
  try {
    await admin.query(`CREATE DATABASE "${name}"`)
  } finally {
    await admin.end()
  }
  made.push(name)
  return serverUrl(name)
}

afterAll(async () => {
  const admin = new pg.Client({ connectionString: serverUrl('postgres') })
  await admin.connect()
  for (const name of made) await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)
  await admin.end()
})

describe('the schema engine loaded twice in one process', () => {
  it('applies every migration each time', { timeout: 120_000 }, async () => {
    const applied: number[] = []
    for (let load = 0; load < 2; load += 1) {
      vi.resetModules()
      const engine = await import('#server/db/schema-engine')
      const expected = engine.listMigrations().migrationDirectories.length
      const names = await Promise.race([
        engine.applyMigrations(await emptyDatabase()),
        new Promise<never>((_, refuse) =>
          setTimeout(() => refuse(new Error(`load ${load + 1}: no answer from the engine in 60 s`)), 60_000),
        ),
      ])
      expect(names).toHaveLength(expected)
      applied.push(names.length)
    }
    expect(applied[0]).toBeGreaterThan(40)
    expect(applied[1]).toBe(applied[0])
  })
})
