import { generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { RECONCILE_JOB } from '#server/jobs/shared-with-sql'
import { ISSUE_KEY_JOB } from '#server/provisioning/key-jobs'
import { RECONCILE_ALL_JOB } from '#server/provisioning/runtime'
import { TEST_BUCKET, connectTestBucket } from '../../helpers/audit'
import { connectStackKubernetes, connectStackStorage, storageEnv } from '../../helpers/platform'
import { tearDownPlatform } from '../../helpers/provisioning'
import { startWorkerProcess, type WorkerProcess } from '../../helpers/worker-process'
import { automationToken, DEMO_PASSWORD } from '../../helpers/sign-in'
import {
  PUBLIC_URL,
  signedInVisitor,
  startSeededConsole,
  visitor,
  type SeededConsole,
} from '../../helpers/seeded-console'
import { like } from '../../helpers/matchers'
import { eventually } from '../../helpers/poll'
import { requireStackSetting } from '../../helpers/stack-env'

// No secret or token in the console's logs (issue 16): the built console's whole output, after
// a sign-in with a password, pages with the session cookie, a forged sign-in, API calls with a
// real and a forged bearer token, is searched for each secret it handled. A leak is reported by
// where it was found, never by printing the secret. Every line is JSON, and the lines written for
// one request carry its id, the one its response's X-Request-Id names (decision 0070).

const SESSION_SECRET = randomBytes(32).toString('base64url')
/** Any JSON Web Token: a header and a payload, base64url, each opening with {" (eyJ). */
const JWT = /eyJ[\w-]{10,}\.eyJ[\w-]{10,}\.[\w-]*/

let seeded: SeededConsole
const secrets = new Map<string, string>()
const workers: WorkerProcess[] = []
let namespace: string | undefined

beforeAll(async () => {
  seeded = await startSeededConsole({ env: { SESSION_SECRET, PUBLIC_URL }, workers: 1 })
}, 300_000)

afterAll(async () => {
  await Promise.all(workers.map((worker) => worker.stop()))
  if (namespace) {
    const [connection, storage] = [await connectStackKubernetes(), connectStackStorage()]
    await tearDownPlatform(connection, storage, [namespace])
  }
  await seeded?.stop()
})

type LogLine = Record<string, unknown> & { msg?: string; requestId?: string }

/** Each line of the output, parsed; one that is not JSON fails the test (its first 120 characters shown). */
function jsonLines(output: string): LogLine[] {
  return output
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      try {
        return JSON.parse(line) as LogLine
      } catch {
        throw new Error(`a log line is not JSON: ${line.slice(0, 120)}`)
      }
    })
}

/** Where in the output each secret appears, by its name only. */
function leaks(output: string): string[] {
  const found = [...secrets].filter(([, value]) => value.length >= 8 && output.includes(value)).map(([name]) => name)
  if (JWT.test(output)) found.push('a JSON Web Token')
  return found
}

describe("the console's log", () => {
  it('holds no password, client secret, session secret, cookie or token after a working day', async () => {
    secrets.set('the demo password', DEMO_PASSWORD)
    secrets.set("the console's OIDC client secret", requireStackSetting('OIDC_CLIENT_SECRET'))
    secrets.set('the session secret', SESSION_SECRET)
    secrets.set("the automation client's secret", requireStackSetting('KEYCLOAK_AUTOMATION_CLIENT_SECRET'))

    const staff = await signedInVisitor(seeded.server, 'an.nguyen')
    secrets.set('the session cookie', staff.jar.get('__Host-govcloud')!)
    for (const path of ['/', '/projects', '/requests', '/notifications', '/khong-co-trang-nay']) {
      const page = await staff.get(path)
      expect(page.status, path).toBeLessThan(500)
      await page.arrayBuffer()
    }
    // A sign-in that fails, with a made-up code and state, under a proxy's request id.
    const proxyId = randomUUID()
    const forged = await visitor(seeded.server).get('/auth/callback?code=stolen-code-0123456789&state=forged-state', {
      'x-request-id': proxyId,
    })
    expect(forged.status).toBe(400)
    expect(forged.headers.get('x-request-id')).toBe(proxyId)
    // Its refusal is audited with the same id (decision 0070).
    const refusal = await seeded.database.db.auditEntry.findFirst({
      where: { action: 'session.refused' },
      orderBy: { seq: 'desc' },
    })
    expect(refusal?.requestId).toBe(proxyId)
    secrets.set('a forged authorization code', 'stolen-code-0123456789')

    const token = await automationToken()
    secrets.set("the automation's access token", token)
    const api = await fetch(`${seeded.server.url}/api/v1/projects?limit=5`, {
      headers: { authorization: `Bearer ${token}` },
    })
    expect(api.status).toBe(200)
    // A token that looks real but is not: refused, and not written down either.
    const fake = `eyJhbGciOiJSUzI1NiJ9.${Buffer.from(JSON.stringify({ sub: 'x', exp: 9e9 })).toString('base64url')}.c2lnbmF0dXJl`
    const refused = await fetch(`${seeded.server.url}/api/v1/projects`, {
      headers: { authorization: `Bearer ${fake}` },
    })
    expect(refused.status).toBe(401)

    const ownId = refused.headers.get('x-request-id')
    expect(ownId).toMatch(/^[0-9A-F]{16}$/)

    // An access line is written once its response has closed, just after the client has it.
    const output = await eventually('the refused call in the log', 5_000, () => {
      const sofar = seeded.server.output()
      return ownId && sofar.includes(ownId) ? sofar : undefined
    })
    expect(leaks(output)).toEqual([])
    const lines = jsonLines(output)
    // The forged sign-in's lines: its access line (the query's names without their values) and
    // the warning, both with the proxy's id; the refused token's access line has its own new id.
    expect(
      lines
        .filter((line) => line.requestId === proxyId)
        .map(({ level, msg, url, status }) => ({ level, msg, url, status })),
    ).toEqual([
      { level: 'warn', msg: 'sign-in: the callback was refused', url: undefined, status: undefined },
      { level: 'info', msg: 'request', url: '/auth/callback?code=…&state=…', status: 400 },
    ])
    expect(lines.filter((line) => line.requestId === ownId)).toEqual([
      like.objectContaining({ source: 'access', method: 'GET', url: '/api/v1/projects', status: 401 }),
    ])
    // Every request has its access line with an id; the lines of no request carry none.
    const access = lines.filter((line) => line.source === 'access')
    expect(access.length).toBeGreaterThanOrEqual(9)
    expect(access.filter((line) => typeof line.requestId !== 'string')).toEqual([])
    expect(new Set(access.map((line) => line.requestId)).size).toBe(access.length)
  })

  it('holds none after a request is approved, provisioned and an S3 key issued, in the web and both workers', async () => {
    const db = seeded.database.db
    // The seeded project gets a namespace of its own on the shared cluster (as provisionSeeded
    // does), and only it is provisioned: the periodic pass over every seeded project is not due.
    const project = await db.project.findFirstOrThrow({
      where: { name: 'Hệ thống quản lý đề tài khoa học' },
      select: { id: true },
    })
    namespace = `t${randomBytes(4).toString('hex')}-de-tai-khcn`
    await db.project.update({ where: { id: project.id }, data: { namespace } })
    await db.jobSchedule.create({ data: { name: RECONCILE_ALL_JOB, nextRunAt: new Date(Date.now() + 86_400_000) } })
    // The audit checkpoints' signing key, which only the provisioning worker holds.
    const keys = mkdtempSync(join(tmpdir(), 'log-secrets-'))
    const signingPem = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()
    writeFileSync(join(keys, 'signing.pem'), signingPem, { mode: 0o600 })
    secrets.set('the audit signing key', signingPem.split('\n')[1]!)
    const storageSettings = storageEnv()
    secrets.set("the storage's admin secret key", storageSettings.S3_ADMIN_SECRET_ACCESS_KEY ?? '')
    const bucket = connectTestBucket()
    await bucket.ensureBucket(1)
    bucket.close()
    workers.push(
      startWorkerProcess('provisioning', {
        DATABASE_URL: seeded.database.url,
        KUBECONFIG: requireStackSetting('KUBE_CONSOLE_KUBECONFIG'),
        ...storageSettings,
        AUDIT_SIGNING_KEY_FILE: join(keys, 'signing.pem'),
        AUDIT_CHECKPOINT_BUCKET: TEST_BUCKET,
        AUDIT_CHECKPOINT_PREFIX: `log-secrets-${randomBytes(6).toString('hex')}/`,
        AUDIT_CHECKPOINT_RETENTION_DAYS: '1',
        AUDIT_CHECKPOINT_SECONDS: '10',
        PROVISIONING_PERIOD_SECONDS: '3600',
      }),
      startWorkerProcess('workflow', { DATABASE_URL: seeded.database.url, PUBLIC_URL }),
    )
    const workerOutput = () => workers.map((worker) => worker.output()).join('')

    const staff = await signedInVisitor(seeded.server, 'an.nguyen')
    secrets.set("an.nguyen's second session cookie", staff.jar.get('__Host-govcloud')!)
    const asked = await staff.post(`/projects/${namespace}/requests/new`, {
      projectId: project.id,
      kind: 'increase',
      justification: 'Thêm 2 vCPU cho máy chủ báo cáo',
      'lines[0].resource': 'cpu',
      'lines[0].amount': '2',
      intent: 'submit',
    })
    // (a refused form's words, should it be refused)
    expect(asked.status, asked.status === 302 ? '' : (await asked.text()).replace(/<[^>]*>/g, ' ').slice(-2000)).toBe(
      302,
    )
    const number = Number(/\/requests\/(\d+)$/.exec(asked.headers.get('location') ?? '')?.[1])
    const submitted = await db.quotaRequest.findUniqueOrThrow({ where: { number } })
    expect(submitted.state).toBe('submitted')
    const operator = await signedInVisitor(seeded.server, 'duc.dang')
    secrets.set("duc.dang's session cookie", operator.jar.get('__Host-govcloud')!)
    const decided = await operator.post(`/requests/${number}/decide`, {
      intent: 'approve',
      version: String(submitted.version),
    })
    expect(decided.status).toBe(302)
    // The provisioning worker makes it real on the cluster and the storage, and the request active.
    await eventually(
      'the request active once the worker provisioned it',
      120_000,
      async () =>
        (await db.quotaRequest.findUniqueOrThrow({ where: { number } })).state === 'active' ? true : undefined,
      { everyMs: 500, explain: () => workerOutput().slice(-3000) },
    )
    // The decision's request id followed into the worker (the trigger's job carries it): the
    // reconcile's line, and what the worker did for it in the audit trail.
    const decision = decided.headers.get('x-request-id')!
    expect(await db.job.findMany({ where: { requestId: decision }, select: { kind: true, key: true } })).toContainEqual(
      {
        kind: RECONCILE_JOB,
        key: project.id,
      },
    )
    await eventually('the reconcile logged under the decision', 30_000, () =>
      jsonLines(workerOutput()).some(
        (line) => line.requestId === decision && line.kind === RECONCILE_JOB && line.status === 'done',
      )
        ? true
        : undefined,
    )
    const moved = await db.auditEntry.findMany({ where: { requestId: decision }, select: { action: true } })
    expect(moved.map((entry) => entry.action)).toEqual(
      like.arrayContaining(['request.approve', 'request.start_provisioning', 'request.mark_active']),
    )
    const issued = await staff.post(`/projects/${namespace}`, { intent: 'issue', label: 'Máy chủ báo cáo' })
    expect(issued.status).toBe(200)
    const secretKey = /data-testid="issued-secret">([^<]+)</.exec(await issued.text())?.[1]
    expect(secretKey).toBeDefined()
    secrets.set('the S3 secret key issued', secretKey!)
    // The worker issued it as part of the page's request: the job and its audit entry carry its id.
    const keyRequest = issued.headers.get('x-request-id')!
    // (and what it queued in turn: the scan of the project's keys)
    const jobs = await db.job.findMany({ where: { requestId: keyRequest }, select: { kind: true } })
    expect(jobs.map((job) => job.kind)).toContain(ISSUE_KEY_JOB)
    expect(await db.auditEntry.count({ where: { requestId: keyRequest, actorLabel: { not: '' } } })).toBeGreaterThan(0)

    // A checkpoint signed with the key, then everything the three processes wrote.
    await eventually('a signed audit checkpoint', 60_000, async () =>
      (await db.auditCheckpoint.count()) > 0 ? true : undefined,
    )
    const output = `${seeded.server.output()}\n${workerOutput()}`
    expect(leaks(output)).toEqual([])
    const workerLines = jsonLines(workerOutput())
    expect(workerLines.map((line) => line.source)).toContain('provisioning')
    expect(workerLines.map((line) => line.source)).toContain('workflow')
    expect(jsonLines(seeded.server.output()).filter((line) => line.requestId === keyRequest)).toContainEqual(
      like.objectContaining({ source: 'access', method: 'POST', status: 200 }),
    )
  })

  it('would see a secret written to it (the search is not blind)', () => {
    const output = `${seeded.server.output()}\nDEBUG cookie=${secrets.get('the session cookie')}`
    expect(leaks(output)).toEqual(['the session cookie'])
  })
})
