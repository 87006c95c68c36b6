import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { ESLint } from 'eslint'
import ts from 'typescript'
import tseslint from 'typescript-eslint'
import { describe, expect, it } from 'vitest'

// The boundary of docs/ARCHITECTURE.md, checked through the project's own lint configuration, so the
// rule cannot silently stop applying to server/.
// Loading ESLint with the type-aware configuration takes seconds on a busy machine: a longer limit.
describe('server/ stays framework-free', { timeout: 30_000 }, () => {
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

// docs/ARCHITECTURE.md's module table says which server modules each module imports. It is the
// one statement of the layering: read from the page, compared with every import of server/, both
// ways (nothing imported that the page does not allow, nothing allowed that is not imported), so
// the page stays true as the code moves.
describe('server/ modules import what docs/ARCHITECTURE.md says', () => {
  const root = resolve(import.meta.dirname, '..')
  const serverDir = resolve(root, 'server')
  const page = readFileSync(join(root, 'docs/ARCHITECTURE.md'), 'utf8')
  const table = /<!-- server-modules[^>]*-->([\s\S]*?)<!-- \/server-modules -->/.exec(page)?.[1] ?? ''
  const declared = new Map(
    table
      .split('\n')
      .map((line) => line.split('|').map((cell) => cell.trim()))
      .filter((cells) => cells.length === 5 && cells[1] !== 'module' && !cells[1]?.startsWith('-'))
      .map((cells) => [
        cells[1] ?? '',
        new Set(
          (cells[3] ?? '')
            .split(',')
            .map((m) => m.trim())
            .filter((m) => /^[a-z]/.test(m)),
        ),
      ]),
  )
  const modules = readdirSync(serverDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)

  /** The server module a specifier written in `file` lands in, if any. */
  const moduleOf = (file: string, specifier: string): string | undefined => {
    const target = specifier.startsWith('#server/')
      ? join(serverDir, specifier.slice('#server/'.length))
      : specifier.startsWith('.')
        ? resolve(dirname(file), specifier)
        : undefined
    if (!target) return undefined
    const [first] = relative(serverDir, target).split(/[\\/]/)
    return first && !first.startsWith('..') && modules.includes(first) ? first : undefined
  }

  /** Every other module `module`'s files import, with the first file that does. */
  const importsOfModule = (module: string): Map<string, string> => {
    const found = new Map<string, string>()
    const dir = join(serverDir, module)
    for (const name of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
      if (!/\.tsx?$/.test(name) || name.startsWith('generated')) continue
      const file = join(dir, name)
      for (const { fileName } of ts.preProcessFile(readFileSync(file, 'utf8'), true, true).importedFiles) {
        const target = moduleOf(file, fileName)
        if (target && target !== module && !found.has(target)) found.set(target, relative(root, file))
      }
    }
    return found
  }

  it('the page lists every module of server/ and no other', () => {
    expect([...declared.keys()].sort()).toEqual([...modules].sort())
  })

  it("the README's layout names every module of server/", () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8')
    expect(modules.filter((module) => !readme.includes(`\`${module}/\``))).toEqual([])
  })

  it.each(modules)('%s', (module) => {
    const actual = importsOfModule(module)
    const allowed = declared.get(module) ?? new Set<string>()
    const undeclared = [...actual].filter(([target]) => !allowed.has(target)).map(([t, file]) => `${t} (${file})`)
    const unused = [...allowed].filter((target) => !actual.has(target))
    expect({ undeclared, unused }).toEqual({ undeclared: [], unused: [] })
  })
})
