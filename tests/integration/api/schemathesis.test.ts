import { execFile } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { request as httpRequest } from 'node:http'
import { mkdirSync, readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { veleroObjects } from '#server/platform/kubernetes/velero'
import type { KubernetesConnection } from '#server/platform/kubernetes/connection'
import { connectStackKubernetes, connectStackStorage } from '../../helpers/platform'
import { startKeyWorker } from '../../helpers/provisioning'
import { startSeededConsole, type SeededConsole } from '../../helpers/seeded-console'
import { consoleUserToken, newAutomationToken } from '../../helpers/sign-in'
import { requireStackSetting } from '../../helpers/stack-env'

// schemathesis (PyPI, pinned in infra/local/versions.env, installed by `infra/local/stack up
// schemathesis`) over the whole OpenAPI document, against the console as it runs in production
// (bin/serve.mjs) on the real stack, once with an agency's token and once with an operator's:
// no server error and no answer outside the document (status, content type, headers, body),
// and invalid input refused (decision 0031). Deterministic generation and a fixed number of
// examples per operation make the runs repeatable and bound their time. Each role's run is split
// by the API's parts, each part with a token of its own: the whole document took 262 s of a
// token's 300 on a loaded machine with 30 operations (2026-12-06), and the API keeps growing.
// What it found is kept below as plain tests. The worker's loop that answers the console's
// questions about keys and backups runs in this process (as the real worker's would), so an
// operation that asks it is answered, not left waiting out schemathesis' request timeout.

const ROOT = resolve(import.meta.dirname, '../../..')
const SPEC = resolve(ROOT, 'server/api/openapi.yaml')
const REPORTS = resolve(ROOT, '.cache/schemathesis')
const CHECKS = [
  'not_a_server_error',
  'status_code_conformance',
  'content_type_conformance',
  'response_headers_conformance',
  'response_schema_conformance',
  'negative_data_rejection',
].join(',')
const MAX_EXAMPLES = '25'

/** The API's parts by their paths' first segment, each run on its own (operations' links stay within one). */
const NAMED_PARTS: Readonly<Record<string, readonly string[]>> = {
  platform: ['openapi.yaml', 'agencies', 'pools', 'rates', 'policies'],
  projects: ['projects'],
  workflow: ['requests', 'waivers'],
  security: ['audit', 'findings', 'checks', 'security'],
}

/** The named parts, and the first segments of the document's other paths as one more part. */
function apiParts(): Record<string, readonly string[]> {
  const named = new Set(Object.values(NAMED_PARTS).flat())
  const firsts = [...readFileSync(SPEC, 'utf8').matchAll(/^ {2}\/([^/\s:]*)\S*:\s*$/gm)].map((match) => match[1]!)
  const others = [...new Set(firsts.filter((first) => !named.has(first)))]
  return others.length ? { ...NAMED_PARTS, other: others } : { ...NAMED_PARTS }
}

const PARTS = apiParts()

let console_: SeededConsole
let kube: KubernetesConnection
let worker: { stop(): Promise<void> }

beforeAll(async () => {
  console_ = await startSeededConsole({
    env: {
      // Operators' tokens come from the console's client (decision 0008), as for their scripts.
      API_EXTRA_AUDIENCES: requireStackSetting('OIDC_CLIENT_ID'),
      // The runs send thousands of calls with one token: the limits are tested elsewhere.
      API_RATE_LIMIT_TOKEN_BURST: '1000000',
      API_RATE_LIMIT_PERSON_BURST: '1000000',
    },
  })
  kube = await connectStackKubernetes()
  worker = await startKeyWorker(
    console_.database,
    connectStackStorage(),
    veleroObjects(kube, requireStackSetting('VELERO_NAMESPACE')),
  )
  mkdirSync(REPORTS, { recursive: true })
}, 300_000)
afterAll(async () => {
  await worker?.stop()
  await kube?.close()
  await console_?.stop()
})

/** One run with this token; resolves with schemathesis' exit code and what it printed. */
async function schemathesis(name: string, part: string, token: string): Promise<{ code: number; output: string }> {
  const args = [
    'run',
    SPEC,
    `--include-path-regex=^/(${PARTS[part]!.map((first) => first.replace('.', '\\.')).join('|')})(/|$)`,
    `--url=${console_.server.url}/api/v1`,
    `--header=Authorization: Bearer ${token}`,
    `--checks=${CHECKS}`,
    `--max-examples=${MAX_EXAMPLES}`,
    '--generation-deterministic',
    '--workers=1',
    '--request-timeout=30',
    '--no-color',
    '--output-truncate=false',
    '--report=junit',
    `--report-junit-path=${resolve(REPORTS, `${name}-${part}.xml`)}`,
  ]
  try {
    const { stdout, stderr } = await promisify(execFile)(requireStackSetting('SCHEMATHESIS_BIN'), args, {
      cwd: REPORTS,
      maxBuffer: 64 * 1024 * 1024,
      timeout: 290_000,
    })
    return { code: 0, output: stdout + stderr }
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string }
    return { code: typeof failed.code === 'number' ? failed.code : -1, output: `${failed.stdout}${failed.stderr}` }
  }
}

describe('the whole OpenAPI document under schemathesis', () => {
  for (const part of Object.keys(PARTS)) {
    it(`holds for agency staff (the automation client): ${part}`, { timeout: 300_000 }, async () => {
      const run = await schemathesis('agency', part, await newAutomationToken())
      expect(run.code, run.output).toBe(0)
    })

    it(`holds for an operator: ${part}`, { timeout: 300_000 }, async () => {
      const run = await schemathesis('operator', part, await consoleUserToken('duc.dang'))
      expect(run.code, run.output).toBe(0)
    })
  }
})

describe('what schemathesis found, kept as tests', () => {
  it("answers TRACE with 405, not the server framework's 500 (the Fetch API cannot carry it)", async () => {
    const status = await new Promise<number>((resolve, reject) =>
      httpRequest(`${console_.server.url}/api/v1/agencies`, { method: 'TRACE' }, (response) => {
        response.resume()
        resolve(response.statusCode ?? 0)
      })
        .on('error', reject)
        .end(),
    )
    expect(status).toBe(405)
  })

  it("answers a path under /api/v1 that Remix cannot route (a line break in it) with the API's problem", async () => {
    const answer = await fetch(`${console_.server.url}/api/v1/projects/a%0Ab`, {
      headers: { authorization: `Bearer ${await newAutomationToken()}` },
    })
    expect(answer.status).toBe(404)
    expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/)
    expect(await answer.json()).toMatchObject({ status: 404, code: 'api.not_found' })
  })

  it('refuses to revoke a key that does not exist at once, without asking the key worker (none runs here)', async () => {
    const token = await newAutomationToken()
    const headers = { authorization: `Bearer ${token}` }
    const projects = (await (await fetch(`${console_.server.url}/api/v1/projects?limit=1`, { headers })).json()) as {
      items: { id: string }[]
    }
    const started = Date.now()
    const answer = await fetch(
      `${console_.server.url}/api/v1/projects/${projects.items[0]!.id}/s3-credentials/${randomUUID()}/revoke`,
      { method: 'POST', headers },
    )
    expect(answer.status).toBe(404)
    expect(Date.now() - started).toBeLessThan(5_000)
  })
})
