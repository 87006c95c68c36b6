import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
// @redocly/openapi-core is what openapi-typescript (a devDependency) validates documents with:
// the same parser and OpenAPI 3.1 rules that `npm run api:check` applies.
import { createConfig, lintFromString, parseYaml } from '@redocly/openapi-core'
import { describe, expect, it } from 'vitest'
import type { ApiDeps } from '#server/api/handler'
import { ROUTES } from '#server/api/router'
import { DEFAULT_APPROVAL_POLICY } from '#server/domain/security-policy'
import { call } from './support'

// The contract and the code agree: the document served is the file, it is valid OpenAPI 3.1,
// and every operation it describes has a handler, and every handler an operation.

const SPEC_PATH = resolve(import.meta.dirname, '../../../server/api/openapi.yaml')
const specText = readFileSync(SPEC_PATH, 'utf8')
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'] as const

type Doc = {
  openapi: string
  paths: Record<string, Partial<Record<(typeof METHODS)[number], { operationId?: string; security?: unknown[] }>>>
}

describe('the OpenAPI document', () => {
  it('is served at /api/v1/openapi.yaml, as the file, and is valid YAML', async () => {
    // The document needs neither a token nor the database: dependencies that refuse everything.
    const nothing: ApiDeps = {
      db: new Proxy(
        {},
        {
          get: () => {
            throw new Error('the document must not touch the database')
          },
        },
      ) as ApiDeps['db'],
      verifyBearer: () => Promise.resolve({ ok: false, failure: 'missing' }),
      policy: DEFAULT_APPROVAL_POLICY,
      catalogue: { storageClasses: [], gpuAvailable: false },
    }
    const res = await call(nothing, 'GET', '/openapi.yaml')
    expect(res.status).toBe(200)
    expect(res.text).toBe(specText)
    const doc = parseYaml(res.text) as Doc
    expect(doc.openapi).toBe('3.1.0')
  })

  it('passes the OpenAPI 3.1 structural rules', async () => {
    const config = await createConfig({
      extends: ['minimal'],
      rules: {
        'operation-operationId-unique': 'error',
        'no-unresolved-refs': 'error',
        'path-parameters-defined': 'error',
      },
    })
    const problems = await lintFromString({ source: specText, absoluteRef: SPEC_PATH, config })
    const errors = problems
      .filter((p) => p.severity === 'error')
      .map((p) => `${p.ruleId}: ${p.message} at ${p.location[0]?.pointer}`)
    expect(errors).toEqual([])
  })

  it('has a handler for every operation, and an operation for every handler', () => {
    const doc = parseYaml(specText) as Doc
    const documented = Object.entries(doc.paths).flatMap(([path, item]) =>
      METHODS.filter((m) => item[m] !== undefined).map(
        (m) => `${m.toUpperCase()} ${path} ${item[m]!.operationId ?? '(no operationId)'}`,
      ),
    )
    const handled = ROUTES.map((r) => `${r.method} ${r.path} ${r.operationId}`)
    expect([...handled].sort()).toEqual([...documented].sort())
  })

  it('marks exactly the operations served without a token as public', () => {
    const doc = parseYaml(specText) as Doc
    const open = Object.entries(doc.paths).flatMap(([, item]) =>
      METHODS.flatMap((m) =>
        item[m]?.security !== undefined && item[m].security.length === 0 ? [item[m].operationId] : [],
      ),
    )
    expect(ROUTES.filter((r) => !r.authenticated).map((r) => r.operationId)).toEqual(open)
  })
})
