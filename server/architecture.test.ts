import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { ESLint } from 'eslint'
import ts from 'typescript'
import tseslint from 'typescript-eslint'
import { describe, expect, it } from 'vitest'

// The boundary of ARCHITECTURE.md, checked through the project's own lint configuration, so the
// rule cannot silently stop applying to server/.
describe('server/ stays framework-free', () => {
  // The probe is not a file on disk, so the type-aware rules (which need the project) are off for it.
  const eslint = new ESLint({ cwd: process.cwd(), overrideConfig: tseslint.configs.disableTypeChecked })
  const lint = async (code: string) => {
    const [result] = await eslint.lintText(code, { filePath: 'server/domain/boundary-probe.ts' })
    return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message)
  }

  it('refuses @remix-run imports', async () => {
    expect(await lint("import { json } from '@remix-run/node'\nexport const x = json")).toEqual([
      expect.stringMatching(/no Remix imports/),
    ])
  })

  it('refuses imports from app/', async () => {
    expect(await lint("import { x } from '../../app/root'\nexport const y = x")).toEqual([
      expect.stringMatching(/must not import from app/),
    ])
    expect(await lint("import { x } from '#app/root'\nexport const y = x")).toHaveLength(1)
  })

  it('allows server-side neighbours', async () => {
    expect(await lint("import { slugify } from '../domain/slug'\nexport const y = slugify")).toEqual([])
  })
})

// The domain is the rules alone: it imports only its own modules and a validation library, never
// the database, the catalogue (it returns codes and values; server/i18n words and formats them)
// or anything else of server/. Read from the files themselves, tests included.
describe('server/domain imports nothing outside server/domain', () => {
  const domain = resolve(import.meta.dirname, 'domain')
  const PACKAGES = ['zod', 'vitest']
  const files = readdirSync(domain, { recursive: true, encoding: 'utf8' }).filter((name) => name.endsWith('.ts'))

  /** Every module a file imports or re-exports, types included. */
  const importsOf = (file: string) =>
    ts.preProcessFile(readFileSync(join(domain, file), 'utf8'), true, true).importedFiles.map((found) => found.fileName)

  const outside = (file: string, specifier: string): boolean => {
    if (specifier.startsWith('.')) return relative(domain, resolve(domain, dirname(file), specifier)).startsWith('..')
    return !PACKAGES.includes(specifier)
  }

  it('reads every file of the domain', () => {
    expect(files.length).toBeGreaterThan(20)
    expect(files).toContain('request-state.ts')
  })

  it.each(files)('%s', (file) => {
    expect(importsOf(file).filter((specifier) => outside(file, specifier))).toEqual([])
  })

  it('would notice an import of the catalogue, of another module or of an alias', () => {
    const probe = (specifier: string) => outside('quantity.ts', specifier)
    expect(probe('../i18n/format')).toBe(true)
    expect(probe('../db/client')).toBe(true)
    expect(probe('#server/i18n/format')).toBe(true)
    expect(probe('node:fs')).toBe(true)
    expect(probe('./errors')).toBe(false)
    expect(probe('zod')).toBe(false)
  })
})
