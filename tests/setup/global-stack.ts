import { execFileSync } from 'node:child_process'
import { resolve } from 'node:path'
import { ensureTemplateDatabase } from '../helpers/database'

// Brings the whole real local stack up once per test run (each component is a no-op when it is
// already running), so integration and browser tests always talk to real servers, then migrates
// the template database that each test file copies.
// GOVCLOUD_STACK_COMPONENTS narrows it while developing one part (e.g. "postgres").
export default async function setup(): Promise<void> {
  const stack = resolve(import.meta.dirname, '../../infra/local/stack')
  const components = (process.env.GOVCLOUD_STACK_COMPONENTS ?? '').split(/\s+/).filter(Boolean)
  execFileSync(stack, ['up', ...components], { stdio: 'inherit' })
  await ensureTemplateDatabase()
}
