// Several copies at once (issue 16, decision 0071): two web processes and two of each worker
// (provisioning, workflow) against one database, as a data centre runs them. While the agency's
// automation files requests and an operator approves them through the API, alternating between
// the web processes, a driver SIGKILLs worker copies at random and starts them again. Once the
// copies settle: every approved request is provisioned and active, each decision moved along
// exactly once, no job left running, the periodic tasks ran on more than one copy and went on
// after the copy that last ran them died, a session opened on one web process works on the other,
// and the audit chain verifies.
import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { verifyAuditChain } from '#server/audit/verify'
import type { KubernetesConnection } from '#server/platform/kubernetes/connection'
import type { ObjectStorage } from '#server/platform/storage/object-storage'
import { RECONCILE_ALL_JOB } from '#server/provisioning/runtime'
import { EXPIRY_SWEEP_JOB } from '#server/workflow/expiry'
import { buildConsole, startConsoleServer, type ConsoleServer } from '../../helpers/console-server'
import { createSeededDatabase, type TestDatabase } from '../../helpers/database'
import { makeProject } from '../../helpers/fixtures'
import { connectStackKubernetes, connectStackStorage, storageEnv } from '../../helpers/platform'
import { until } from '../../helpers/poll'
import { tearDownPlatform } from '../../helpers/provisioning'
import { PUBLIC_URL, visitor } from '../../helpers/seeded-console'
import { automationToken, consoleUserToken, signInToConsole } from '../../helpers/sign-in'
import { requireStackSetting } from '../../helpers/stack-env'

const REQUESTS = 4
const ROOT = resolve(import.meta.dirname, '../../..')
let t: TestDatabase
const servers: ConsoleServer[] = []
const copies = new Map<ChildProcess, 'provisioning' | 'workflow'>()
let log = ''
let connection: KubernetesConnection
let storage: ObjectStorage
const namespaces: string[] = []

function startCopy(kind: 'provisioning' | 'workflow'): ChildProcess {
  const env =
    kind === 'provisioning'
      ? {
          KUBECONFIG: requireStackSetting('KUBE_CONSOLE_KUBECONFIG'),
          ...storageEnv(),
          PROVISIONING_CONCURRENCY: '2',
          PROVISIONING_LEASE_SECONDS: '3',
          PROVISIONING_PERIOD_SECONDS: '5',
        }
      : { PUBLIC_URL, EXPIRY_SWEEP_SECONDS: '10', WORKFLOW_CONCURRENCY: '2', WORKFLOW_LEASE_SECONDS: '3' }
  const child = spawn(process.execPath, ['--import', 'tsx', resolve(ROOT, `server/${kind}/worker-cli.ts`)], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: t.url, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  child.stdout?.on('data', (b: Buffer) => (log += b.toString()))
  child.stderr?.on('data', (b: Buffer) => (log += b.toString()))
  copies.set(child, kind)
  child.on('exit', () => copies.delete(child))
  return child
}

async function kill(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise((done) => child.once('exit', done))
  child.kill(signal)
  await exited
}

beforeAll(async () => {
  const sessionSecret = randomBytes(32).toString('base64url')
  ;[t] = await Promise.all([createSeededDatabase(), buildConsole()])
  for (let i = 0; i < 2; i++) {
    servers.push(
      await startConsoleServer({
        databaseUrl: t.url,
        // One secret for both, as a Deployment's replicas share their Secret.
        env: { SESSION_SECRET: sessionSecret, PUBLIC_URL, API_EXTRA_AUDIENCES: requireStackSetting('OIDC_CLIENT_ID') },
      }),
    )
  }
  for (const kind of ['provisioning', 'provisioning', 'workflow', 'workflow'] as const) startCopy(kind)
  connection = await connectStackKubernetes()
  storage = connectStackStorage()
})

afterAll(async () => {
  await Promise.all([...copies.keys()].map((c) => kill(c, 'SIGKILL')))
  await Promise.all(servers.map((s) => s.stop()))
  await tearDownPlatform(connection, storage, namespaces)
  await t?.drop()
})

/**
 * An API call on web process `n % 2`; answers status and body. A 503 (Keycloak's keys not fetched
 * in time on a loaded machine: nothing was done) is tried again after its Retry-After, as an
 * agency's automation does.
 */
async function api(n: number, method: string, path: string, token: string, body?: unknown) {
  for (let attempt = 1; ; attempt++) {
    const response = await fetch(`${servers[n % 2]!.url}/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(20_000),
    })
    const text = await response.text()
    if (response.status === 503 && attempt < 5) {
      await new Promise((wait) => setTimeout(wait, 2_000))
      continue
    }
    return { status: response.status, text, json: text ? (JSON.parse(text) as { id: string; version: number }) : null }
  }
}

/** Files, submits and approves one request through the API, on alternating web processes. */
async function requestApproved(n: number, staff: string, operator: string): Promise<string> {
  const agency = await t.db.agency.findUniqueOrThrow({ where: { code: 'so-tc' }, select: { id: true } })
  const projectId = await makeProject(t.db, agency.id, { name: `Hệ thống bản sao ${n}` })
  const { namespace } = await t.db.project.findUniqueOrThrow({ where: { id: projectId } })
  namespaces.push(namespace)
  const lines = [
    { resource: 'cpu', amount: '500m' },
    { resource: 'memory', amount: '1Gi' },
    { resource: 'pods', amount: '5' },
  ]
  const draft = await api(n, 'POST', '/requests', staff, {
    projectId,
    kind: 'new',
    lines,
    justification: 'Thử nhiều bản sao',
  })
  expect(draft.status, draft.text).toBe(201)
  const id = draft.json!.id
  const submitted = await api(n + 1, 'POST', `/requests/${id}/actions/submit`, staff, { version: 1 })
  expect(submitted.status, submitted.text).toBe(200)
  const approved = await api(n, 'POST', `/requests/${id}/actions/approve`, operator, {
    version: submitted.json!.version,
  })
  expect(approved.status, approved.text).toBe(200)
  return id
}

/** Kills a random worker copy with SIGKILL every 2–4 s, starting one of the same kind at once. */
function randomKills(): { stop(): Promise<number> } {
  let running = true
  let kills = 0
  const loop = (async () => {
    while (running) {
      await new Promise((wait) => setTimeout(wait, 2_000 + Math.random() * 2_000))
      const all = [...copies.entries()]
      const [victim, kind] = all[Math.floor(Math.random() * all.length)]!
      await kill(victim, 'SIGKILL')
      kills++
      startCopy(kind)
    }
  })()
  return {
    async stop() {
      running = false
      await loop
      return kills
    },
  }
}

const lastRunBy = async (name: string) => (await t.db.jobSchedule.findUnique({ where: { name } }))?.lastRunBy ?? ''

const liveCopy = (holder: string) => {
  const pid = Number(holder.split(':').at(-1))
  return [...copies.keys()].find((c) => c.pid === pid)
}

/**
 * Kills the copy that last ran `task` (its holder ends in its pid) and waits for another to run it.
 * The random kills may have ended that copy already (CI 2026-12-07: reconcile_all was last run by a
 * copy SIGKILLed in the last seconds of the kills, before the task's next period), so it first
 * waits for a living copy to have run the task.
 */
async function periodicMovesOn(task: string): Promise<void> {
  let holder = ''
  await until(`${task} last run by a living copy`, 30_000, async () => {
    holder = await lastRunBy(task)
    return liveCopy(holder) !== undefined
  })
  await kill(liveCopy(holder)!, 'SIGKILL')
  await until(`${task} run by a copy other than ${holder}`, 45_000, async () => {
    const now = await lastRunBy(task)
    return now !== '' && now !== holder
  })
}

describe('two web processes and two of each worker, copies killed at random', () => {
  it(
    'provisions every approved request once, moves periodic work, shares sessions, keeps the chain',
    {
      timeout: 240_000,
    },
    async () => {
      const staff = await automationToken()
      const operator = await consoleUserToken('duc.dang')

      const killer = randomKills()
      const ids: string[] = []
      for (let n = 0; n < REQUESTS; n++) ids.push(await requestApproved(n, staff, operator))
      await new Promise((wait) => setTimeout(wait, 6_000))
      const kills = await killer.stop()
      expect(kills).toBeGreaterThan(2)

      await until(
        'every approved request active',
        90_000,
        async () => {
          const active = await t.db.quotaRequest.count({ where: { id: { in: ids }, state: 'active' } })
          return active === REQUESTS
        },
        { everyMs: 500, explain: () => log.slice(-3000) },
      )

      const moves = await t.db.auditEntry.groupBy({
        by: ['action'],
        where: { entityId: { in: ids }, action: { in: ['request.start_provisioning', 'request.mark_active'] } },
        _count: true,
      })
      expect(Object.fromEntries(moves.map((m) => [m.action, m._count]))).toEqual({
        'request.start_provisioning': REQUESTS,
        'request.mark_active': REQUESTS,
      })
      // The copy that last ran each periodic task dies: another copy takes the task up.
      for (const task of [RECONCILE_ALL_JOB, EXPIRY_SWEEP_JOB]) await periodicMovesOn(task)

      // Settled: no job is left running once the leases of the killed copies ran out.
      await until('no job running', 30_000, async () => (await t.db.job.count({ where: { state: 'running' } })) === 0)

      // A session opened on one web process is good on the other.
      const jar = await signInToConsole(servers[0]!.url, 'duc.dang', { publicUrl: PUBLIC_URL })
      const onOther = await visitor(servers[1]!, jar).get('/queue')
      expect(onOther.status).toBe(200)
      expect(await onOther.text()).toContain('Đặng Minh Đức')

      expect(await verifyAuditChain(t.db)).toMatchObject({ intact: true })
    },
  )
})
