// The web console without the storage's admin keys (decision 0032): the built console under
// bin/serve.mjs, started with no S3 setting at all, serves every page, and S3 keys are still issued,
// rotated and revoked (on the project page and over the API) because the worker makes and deletes
// them, answering through the job queue; here the worker's key jobs run in this test process with
// the stack's admin keys, as infra/local/dev runs them in the provisioning worker.
import { generateKeyPairSync, randomUUID } from 'node:crypto'
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { ListObjectsV2Command } from '@aws-sdk/client-s3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { localMonthOf } from '#server/domain/local-calendar'
import { catalogueAsset } from '#server/i18n/asset'
import { enqueue } from '#server/jobs/queue'
import { awaitJob } from '#server/jobs/results'
import type { KubernetesConnection } from '#server/platform/kubernetes/connection'
import type { ObjectStorage } from '#server/platform/storage/object-storage'
import { bucketName } from '#server/provisioning/desired'
import { ISSUE_KEY_JOB, type IssuePayload } from '#server/provisioning/key-jobs'
import { revokeUndelivered } from '#server/provisioning/key-worker'
import { newSecretOpener } from '#server/provisioning/sealed-secret'
import type { ConsoleServer } from '../../helpers/console-server'
import { rowsContaining, type TestDatabase } from '../../helpers/database'
import { like } from '../../helpers/matchers'
import { connectStackKubernetes, connectStackStorage, s3ClientWith, s3StatusOf } from '../../helpers/platform'
import { eventually } from '../../helpers/poll'
import { waiverOfWholeCheck } from '../../helpers/fixtures'
import { provisionSeeded, startKeyWorker, tearDownPlatform } from '../../helpers/provisioning'
import {
  PUBLIC_URL,
  signedInVisitor,
  startSeededConsole,
  type SeededConsole,
  type Visitor,
} from '../../helpers/seeded-console'
import { consoleUserToken } from '../../helpers/sign-in'
import { requireStackSetting, stackEnv } from '../../helpers/stack-env'
import { decodeEntities as decode } from '../../helpers/html-entities'

const ROOT = resolve(import.meta.dirname, '../../..')
/** The local month running now, whose statement is provisional. */
const RUNNING_MONTH = localMonthOf(new Date()).slice(0, 7)
/** Every setting that reaches the object storage: the console is started with none of them. */
const STORAGE_SETTINGS = /^(S3_|SEAWEEDFS_)/

let started: SeededConsole
let database: TestDatabase
let server: ConsoleServer
let connection: KubernetesConnection
let storage: ObjectStorage
let keyWorker: { stop(): Promise<void> } | undefined
let project: { projectId: string; namespace: string }
const visitors: Record<string, Visitor> = {}
let fixtures: { draft: number; submitted: number; waiver: number }

async function as(username: string): Promise<Visitor> {
  visitors[username] ??= await signedInVisitor(server, username)
  return visitors[username]
}

const issuedOf = (html: string) => ({
  accessKeyId: /data-testid="issued-access-key-id">([^<]+)</.exec(html)?.[1] ?? '',
  secretAccessKey: /data-testid="issued-secret">([^<]+)</.exec(html)?.[1] ?? '',
})

/** The console's processes (bin/serve.mjs and its cluster workers) and their environments, from /proc. */
function consoleEnvironments(pid: number): Record<string, string>[] {
  const pids = [pid]
  for (const entry of readdirSync('/proc').filter((e) => /^\d+$/.test(e))) {
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8')
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid) pids.push(Number(entry))
    } catch {
      // the process ended while we looked
    }
  }
  return pids.map((p) =>
    Object.fromEntries(
      readFileSync(`/proc/${p}/environ`, 'utf8')
        .split('\0')
        .filter(Boolean)
        .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
    ),
  )
}

beforeAll(async () => {
  // API_EXTRA_AUDIENCES lets a console user's token call the API, as the API tests do (decision 0008);
  // the agencies' kubeconfig needs the API server's address, as in the route matrix.
  const stack = stackEnv()
  // The audit export needs the checkpoints' public key and nothing of the storage (decision 0032).
  const verifyKey = join(mkdtempSync(join(tmpdir(), 'verify-')), 'verify.pem')
  writeFileSync(verifyKey, generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }))
  started = await startSeededConsole({
    env: {
      PUBLIC_URL,
      AUDIT_VERIFY_KEY_FILE: verifyKey,
      API_EXTRA_AUDIENCES: requireStackSetting('OIDC_CLIENT_ID'),
      AGENCY_KUBE_API_URL: stack.KUBE_API_URL ?? '',
      AGENCY_KUBE_CA_FILE: stack.KUBE_CA_FILE ?? '',
      AGENCY_KUBE_OIDC_ISSUER: stack.KUBE_OIDC_ISSUER ?? '',
    },
    workers: 2,
  })
  ;({ database, server } = started)
  connection = await connectStackKubernetes()
  storage = connectStackStorage()
  project = await provisionSeeded(database.db, connection, storage, 'Hệ thống quản lý đề tài khoa học')
  keyWorker = await startKeyWorker(database, storage)
  const agency = await database.db.agency.findUniqueOrThrow({ where: { code: 'so-khcn' }, select: { id: true } })
  const numberIn = async (state: 'draft' | 'submitted') =>
    (
      await database.db.quotaRequest.findFirstOrThrow({
        where: { agencyId: agency.id, state },
        select: { number: true },
      })
    ).number
  const waiver = await waiverOfWholeCheck(database.db, project.projectId, 'an.nguyen')
  fixtures = { draft: await numberIn('draft'), submitted: await numberIn('submitted'), waiver: waiver.number }
}, 300_000)

afterAll(async () => {
  await keyWorker?.stop()
  await started?.stop()
  await tearDownPlatform(connection, storage, project ? [project.namespace] : [])
})

describe('a web console started without the storage keys', () => {
  it('has no storage setting in the environment of any of its processes', () => {
    const environments = consoleEnvironments(server.pid)
    expect(environments.length).toBeGreaterThanOrEqual(3) // the primary and its two workers
    for (const env of environments) {
      expect(Object.keys(env).filter((key) => STORAGE_SETTINGS.test(key))).toEqual([])
      expect(env['DATABASE_URL']).toBeTruthy()
    }
  })

  /** Each page of the console, as someone who may see it: route id, address, who, what they get. */
  const PAGES: Record<string, [path: () => string, username: string, status: number]> = {
    _index: [() => '/', 'an.nguyen', 200],
    'agencies._index': [() => '/agencies', 'duc.dang', 200],
    'agencies.$code': [() => '/agencies/so-khcn', 'duc.dang', 200],
    'agencies.$code_.kubeconfig': [() => '/agencies/so-khcn/kubeconfig', 'an.nguyen', 200],
    'projects._index': [() => '/projects', 'an.nguyen', 200],
    'projects.$namespace': [() => `/projects/${project.namespace}`, 'an.nguyen', 200],
    'projects.$namespace_.provisioning': [() => `/projects/${project.namespace}/provisioning`, 'an.nguyen', 200],
    'projects.$namespace_.requests.new': [() => `/projects/${project.namespace}/requests/new`, 'an.nguyen', 200],
    provisioning: [() => '/provisioning', 'duc.dang', 200],
    'requests._index': [() => '/requests', 'an.nguyen', 200],
    'requests.$number': [() => `/requests/${fixtures.submitted}`, 'an.nguyen', 200],
    'requests.$number_.edit': [() => `/requests/${fixtures.draft}/edit`, 'an.nguyen', 200],
    'requests.$number_.decide': [() => `/requests/${fixtures.submitted}/decide`, 'duc.dang', 200],
    queue: [() => '/queue', 'duc.dang', 200],
    'queue_.agencies': [() => '/queue/agencies', 'duc.dang', 200],
    notifications: [() => '/notifications', 'an.nguyen', 200],
    audit: [() => '/audit', 'huong.pham', 200],
    'audit_.export': [() => '/audit/export?format=json', 'huong.pham', 200],
    'security._index': [() => '/security', 'huong.pham', 200],
    'security.findings': [() => '/security/findings', 'huong.pham', 200],
    'security.findings[.]csv': [() => '/security/findings.csv', 'huong.pham', 200],
    'security.sign-off': [() => '/security/sign-off', 'huong.pham', 200],
    'security.checks': [() => '/security/checks', 'an.nguyen', 200],
    rates: [() => '/rates', 'an.nguyen', 200],
    'statements._index': [() => '/statements', 'an.nguyen', 200],
    'statements.$agency.$month': [() => `/statements/so-khcn/${RUNNING_MONTH}`, 'an.nguyen', 200],
    'statements.$agency.$month_.print': [() => `/statements/so-khcn/${RUNNING_MONTH}/print`, 'an.nguyen', 200],
    'statements.$agency.$month_.export': [
      () => `/statements/so-khcn/${RUNNING_MONTH}/export?format=csv`,
      'an.nguyen',
      200,
    ],
    'agencies.$code_.costs[.]csv': [() => '/agencies/so-khcn/costs.csv', 'an.nguyen', 200],
    'projects.$namespace_.usage': [() => `/projects/${project.namespace}/usage`, 'an.nguyen', 200],
    'projects.$namespace_.backups': [() => `/projects/${project.namespace}/backups`, 'an.nguyen', 200],
    'projects.$namespace_.closing': [() => `/projects/${project.namespace}/closing`, 'an.nguyen', 200],
    'projects.$namespace_.usage[.]csv': [() => `/projects/${project.namespace}/usage.csv`, 'an.nguyen', 200],
    'pools.$code': [() => '/pools/compute-main', 'duc.dang', 200],
    'pools._index': [() => '/pools', 'duc.dang', 200],
    'pools.new': [() => '/pools/new', 'duc.dang', 200],
    'pools.$code_.edit': [() => '/pools/compute-main/edit', 'duc.dang', 200],
    'admin.agencies._index': [() => '/admin/agencies', 'quang.ly', 200],
    'admin.agencies.$code': [() => '/admin/agencies/so-khcn', 'quang.ly', 200],
    'systems._index': [() => '/systems', 'an.nguyen', 200],
    'systems.$namespace': [() => `/systems/${project.namespace}`, 'an.nguyen', 200],
    // Confirmed: the page says why it is not edited, and where its level changes instead.
    'systems.$namespace_.edit': [() => `/systems/${project.namespace}/edit`, 'an.nguyen', 200],
    'security.systems._index': [() => '/security/systems', 'huong.pham', 200],
    'security.systems.$namespace': [() => `/security/systems/${project.namespace}`, 'huong.pham', 200],
    policies: [() => '/policies', 'quang.ly', 200],
    'waivers._index': [() => '/waivers', 'huong.pham', 200],
    'waivers.$number': [() => `/waivers/${fixtures.waiver}`, 'huong.pham', 200],
    'waivers_.report': [() => '/waivers/report', 'huong.pham', 200],
    'projects.$namespace_.waivers.new': [() => `/projects/${project.namespace}/waivers/new`, 'an.nguyen', 200],
    'no-access': [() => '/no-access', 'minh.do', 200],
    $: [() => '/khong-co-trang-nay', 'an.nguyen', 404],
    healthz: [() => '/healthz', 'an.nguyen', 200],
    readyz: [() => '/readyz', 'an.nguyen', 200],
    'i18n.$file': [() => catalogueAsset('vi').path, 'an.nguyen', 200],
    lang: [() => '/lang', 'an.nguyen', 302],
    'auth.login': [() => '/auth/login?returnTo=%2Fprojects', 'an.nguyen', 302],
    'auth.callback': [() => '/auth/callback', 'an.nguyen', 400],
    'auth.logout': [() => '/auth/logout', 'an.nguyen', 405],
    // A console session is no API credential; the API's own answers are checked below.
    'api.v1.$': [() => '/api/v1/agencies', 'an.nguyen', 401],
  }

  it('lists every route of the console', () => {
    const routes = readdirSync(resolve(ROOT, 'app/routes'), { withFileTypes: true })
      .filter((e) => e.isDirectory() || (/\.(tsx?|jsx?)$/.test(e.name) && !/\.(server|test)\./.test(e.name)))
      .map((e) => e.name.replace(/\.[tj]sx?$/, ''))
    expect(routes.filter((id) => !(id in PAGES)).sort()).toEqual([])
  })

  it('serves every page', { timeout: 120_000 }, async () => {
    const answers: Record<string, number> = {}
    for (const [id, [path, username]] of Object.entries(PAGES)) {
      const response = await (await as(username)).get(path())
      answers[id] = response.status
      const body = await response.text()
      if (response.status === 200 && /html/.test(response.headers.get('content-type') ?? ''))
        expect(body, id).toContain('<main')
    }
    expect(answers).toEqual(Object.fromEntries(Object.entries(PAGES).map(([id, [, , status]]) => [id, status])))
    expect(server.output()).not.toMatch(/S3_ADMIN|SEAWEEDFS_IAM_URL|S3_ENDPOINT/)
  })
})

describe('S3 keys through the worker', () => {
  const page = () => `/projects/${project.namespace}`
  const bucket = () => bucketName(project.namespace, 'data')

  it(
    'issues, rotates and revokes a key on the project page, the secret shown once and kept nowhere',
    {
      timeout: 120_000,
    },
    async () => {
      const an = await as('an.nguyen')
      const answer = await an.post(page(), { intent: 'issue', label: 'Máy chủ ứng dụng đề tài' })
      expect(answer.status).toBe(200)
      const issued = issuedOf(decode(await answer.text()))
      expect(issued.secretAccessKey.length).toBeGreaterThanOrEqual(20)
      expect(await rowsContaining(database.db, issued.secretAccessKey, ['S3Credential', 'AuditEntry', 'Job'])).toBe(0)
      expect(server.output()).not.toContain(issued.secretAccessKey)
      const job = await database.db.job.findFirstOrThrow({
        where: { kind: 'credentials.issue' },
        orderBy: { id: 'desc' },
      })
      expect(job).toMatchObject({ state: 'done', result: { outcome: 'issued', accessKeyId: issued.accessKeyId } })
      const client = s3ClientWith(issued)
      await eventually('the key to work', 20_000, async () =>
        (await s3StatusOf(client.send(new ListObjectsV2Command({ Bucket: bucket() })))) === 200 ? true : undefined,
      )

      const old = await database.db.s3Credential.findUniqueOrThrow({ where: { accessKeyId: issued.accessKeyId } })
      const rotatedAnswer = await an.post(page(), { intent: 'rotate', credentialId: old.id, confirm: 'on' })
      expect(rotatedAnswer.status).toBe(200)
      const rotated = issuedOf(decode(await rotatedAnswer.text()))
      expect(rotated.accessKeyId).not.toBe(issued.accessKeyId)
      await eventually('the old key to be refused', 20_000, async () =>
        (await s3StatusOf(client.send(new ListObjectsV2Command({ Bucket: bucket() })))) === 403 ? true : undefined,
      )
      const fresh = s3ClientWith(rotated)
      await eventually('the rotated key to work', 20_000, async () =>
        (await s3StatusOf(fresh.send(new ListObjectsV2Command({ Bucket: bucket() })))) === 200 ? true : undefined,
      )

      const key = await database.db.s3Credential.findUniqueOrThrow({ where: { accessKeyId: rotated.accessKeyId } })
      const revoked = await an.post(page(), { intent: 'revoke', credentialId: key.id, confirm: 'on', reason: 'Thử' })
      expect(decode(await revoked.text())).toContain(`Đã thu hồi khoá ${rotated.accessKeyId}.`)
      await eventually('the revoked key to be refused', 20_000, async () =>
        (await s3StatusOf(fresh.send(new ListObjectsV2Command({ Bucket: bucket() })))) === 403 ? true : undefined,
      )
      expect(
        (
          await database.db.auditEntry.findMany({
            where: { entityId: project.projectId, action: { startsWith: 's3_credential.' } },
            orderBy: { seq: 'asc' },
          })
        ).map((e) => [e.action, e.actorLabel]),
      ).toEqual([
        ['s3_credential.issued', 'Nguyễn Văn An'],
        ['s3_credential.issued', 'Nguyễn Văn An'],
        ['s3_credential.revoked', 'Nguyễn Văn An'],
        ['s3_credential.revoked', 'Nguyễn Văn An'],
      ])
      client.destroy()
      fresh.destroy()
    },
  )

  it('issues and revokes a key over the API of the same console', { timeout: 60_000 }, async () => {
    const token = await consoleUserToken('an.nguyen')
    const api = (method: string, path: string, body?: unknown) =>
      fetch(`${server.url}/api/v1/projects/${project.projectId}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
        body: body ? JSON.stringify(body) : undefined,
      })
    const created = await api('POST', '/s3-credentials', { label: 'Sao lưu qua API' })
    expect(created.status).toBe(201)
    const key = (await created.json()) as { id: string; accessKeyId: string; secretAccessKey: string }
    const client = s3ClientWith(key)
    await eventually('the key to work', 20_000, async () =>
      (await s3StatusOf(client.send(new ListObjectsV2Command({ Bucket: bucket() })))) === 200 ? true : undefined,
    )
    const revoked = await api('POST', `/s3-credentials/${key.id}/revoke`, { reason: 'Thử qua API' })
    expect(revoked.status).toBe(200)
    expect(await storage.listAccessKeys(project.namespace)).not.toContain(key.accessKeyId)
    client.destroy()
  })
})

describe('keys nobody receives', () => {
  it(
    'revokes a key whose sealed secret nobody came to read, and drops the ciphertext',
    { timeout: 60_000 },
    async () => {
      // A request that asked and went away: its private key is gone with it.
      const { recipient } = await newSecretOpener()
      const jobId = await enqueue(database.db, {
        kind: ISSUE_KEY_JOB,
        key: randomUUID(),
        maxAttempts: 1,
        payload: {
          projectId: project.projectId,
          label: 'Bỏ dở',
          actor: { id: null, label: 'Trình duyệt đã đóng' },
          recipient,
        } satisfies IssuePayload,
      })
      const outcome = await awaitJob(database.db, jobId, { timeoutMs: 30_000 })
      expect(outcome).toMatchObject({ state: 'done', result: { outcome: 'issued', sealedSecret: like.any(String) } })
      if (outcome.state !== 'done') throw new Error(`the key job ended ${outcome.state}`)
      const { credentialId, accessKeyId } = outcome.result as { credentialId: string; accessKeyId: string }
      expect(await storage.listAccessKeys(project.namespace)).toContain(accessKeyId)

      expect(await revokeUndelivered({ db: database.db, storage }, 0)).toBe(1)
      expect(
        (await database.db.s3Credential.findUniqueOrThrow({ where: { id: credentialId } })).revokedAt,
      ).not.toBeNull()
      expect(await storage.listAccessKeys(project.namespace)).not.toContain(accessKeyId)
      const job = await database.db.job.findUniqueOrThrow({ where: { id: jobId } })
      expect(job.result).toEqual({ outcome: 'issued', credentialId, accessKeyId })
      expect(await revokeUndelivered({ db: database.db, storage }, 0)).toBe(0)
    },
  )

  it('withdraws a request that no worker took in time, so it never runs later', async () => {
    const jobId = await enqueue(database.db, { kind: 'credentials.nobody-answers', key: randomUUID(), maxAttempts: 1 })
    expect(await awaitJob(database.db, jobId, { timeoutMs: 300 })).toEqual({ state: 'timeout', withdrawn: true })
    expect(await database.db.job.findUniqueOrThrow({ where: { id: jobId } })).toMatchObject({
      state: 'failed',
      lastError: 'withdrawn: nobody waits for it any more',
    })
  })
})
