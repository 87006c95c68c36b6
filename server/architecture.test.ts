import { ESLint } from 'eslint'
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
