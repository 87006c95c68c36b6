import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { assertSupportedRuntime, PINNED_NODE_VERSION, runtimeProblem } from './runtime'

const packageJson = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  engines: { node: string }
  devDependencies: Record<string, string>
}

describe('the pinned runtime', () => {
  it('is an exact version of an even (LTS) line, and engines and @types/node name the same major', () => {
    expect(PINNED_NODE_VERSION).toMatch(/^\d+\.\d+\.\d+$/)
    const major = Number(PINNED_NODE_VERSION.split('.')[0])
    expect(major % 2).toBe(0)
    expect(packageJson.engines.node).toBe(`>=${PINNED_NODE_VERSION} <${major + 1}`)
    expect(packageJson.devDependencies['@types/node']).toMatch(new RegExp(`^\\^${major}\\.`))
  })

  it('is what this test process runs on, and what `node` on its PATH runs (as scripts and spawned tools do)', () => {
    console.log(`[runtime] test worker: node ${process.version} at ${process.execPath}`)
    expect(process.versions.node).toBe(PINNED_NODE_VERSION)
    expect(execFileSync('node', ['--version'], { encoding: 'utf8' }).trim()).toBe(`v${PINNED_NODE_VERSION}`)
  })
})

describe('runtimeProblem', () => {
  it('accepts any release of the pinned major', () => {
    expect(runtimeProblem('26.12.1', '26.12.1')).toBeUndefined()
    expect(runtimeProblem('v26.0.0', '26.12.1')).toBeUndefined()
    expect(runtimeProblem('26.99.3', '26.12.1')).toBeUndefined()
  })

  it('refuses another major, naming both and how to run the pinned one', () => {
    const problem = runtimeProblem('20.20.2', '26.12.1')
    expect(problem).toContain('Node.js 20.20.2')
    expect(problem).toContain('Node.js 26 (pinned 26.12.1')
    expect(problem).toContain('npm ci')
    expect(runtimeProblem('v27.0.0', '26.12.1')).toContain('Node.js 27.0.0')
    expect(runtimeProblem('not a version', '26.12.1')).toBeDefined()
  })

  it('stops a process on another major and lets one on the pinned major go on', () => {
    expect(() => assertSupportedRuntime('20.20.2')).toThrow(/not the console's runtime/)
    expect(() => assertSupportedRuntime(PINNED_NODE_VERSION)).not.toThrow()
  })
})
