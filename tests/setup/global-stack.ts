import { execFileSync } from 'node:child_process'
import { resolve } from 'node:path'
import { createHash } from 'node:crypto'
import { applyMigrations, listMigrations } from '#server/db/schema-engine'
import { prepareTemplateDatabase } from '../helpers/database'

// Brings the whole real local stack up once per test run (each component is a no-op when it is
// already running), so integration and browser tests always talk to real servers, then migrates
// the template database that each test file copies.
// GOVCLOUD_STACK_COMPONENTS narrows it while developing one part (e.g. "postgres").
export default async function setup(): Promise<void> {
  const stack = resolve(import.meta.dirname, '../../infra/local/stack')
  const components = (process.env.GOVCLOUD_STACK_COMPONENTS ?? '').split(/\s+/).filter(Boolean)
  execFileSync(stack, ['up', ...components], { stdio: 'inherit' })
  const migrations = listMigrations().migrationDirectories
  const fingerprint = createHash('sha256').update(JSON.stringify(migrations.map((m) => [m.path, m.migrationFile.content]))).digest('hex')
  await prepareTemplateDatabase(applyMigrations, fingerprint)
}
