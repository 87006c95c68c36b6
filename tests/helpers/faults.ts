import { randomBytes } from 'node:crypto'
import type { Db } from '#server/db/client'
import { listenForJobs } from '#server/jobs/process'
import { startWorker } from '#server/jobs/worker'
import type { ReconcilerDeps } from '#server/provisioning/reconcile'
import { provisioningHandlers, provisioningSchedule } from '#server/provisioning/runtime'
import type { ConsoleServer } from './console-server'
import { eventually } from './poll'
import { approvedProject } from './provisioning'

// What the fault tests (tests/integration/faults, decision 0071) share: the provisioning worker's
// loops in the test's process over platform connections the test chooses (a private stack's), a
// seeded agency's new approved project, and its status as the agency reads it over the API.

/**
 * The provisioning worker as worker-cli.ts runs it (reconcile jobs, the periodic pass every
 * `periodMs`, woken by NOTIFY), over `deps`. The periodic pass is what takes up a project whose
 * retries backed off while a server was down.
 */
export async function startProvisioningLoops(
  database: { db: Db; url: string },
  deps: ReconcilerDeps,
  periodMs: number,
): Promise<{ stop(): Promise<void> }> {
  const holder = `faults:${process.pid}:${randomBytes(3).toString('hex')}`
  const worker = startWorker({
    db: database.db,
    holder,
    concurrency: 2,
    leaseMs: 10_000,
    pollMs: 250,
    handlers: provisioningHandlers(deps, { holder, concurrency: 2, leaseMs: 10_000 }),
    periodic: provisioningSchedule(periodMs),
  })
  const stopListening = await listenForJobs(database.url, worker)
  return {
    async stop() {
      await worker.stop()
      await stopListening()
    },
  }
}

/** A new project of the seeded agency `agencyCode`, its first request approved by duc.dang. */
export async function approvedSeededProject(
  db: Db,
  agencyCode: string,
  lines: Record<string, bigint>,
): Promise<{ projectId: string; namespace: string; requestId: string }> {
  const agency = await db.agency.findUniqueOrThrow({ where: { code: agencyCode }, select: { id: true } })
  const requester = await db.user.findFirstOrThrow({ where: { username: 'lan.hoang' }, select: { id: true } })
  const operator = await db.user.findUniqueOrThrow({ where: { username: 'duc.dang' }, select: { id: true } })
  return approvedProject(db, {
    agencyId: agency.id,
    requesterId: requester.id,
    operatorId: operator.id,
    lines,
    name: `Hệ thống thử sự cố ${randomBytes(2).toString('hex')}`,
  })
}

export interface ProvisioningAnswer {
  readonly status: number
  readonly phase?: string
  readonly lastError?: string | null
  readonly conditions?: ReadonlyArray<{ type: string; status: string; reason: string; message: string }>
}

/** GET /api/v1/projects/{id}/provisioning with `token`, in Vietnamese. */
export async function provisioningOverApi(
  server: ConsoleServer,
  token: string,
  projectId: string,
): Promise<ProvisioningAnswer> {
  const response = await fetch(`${server.url}/api/v1/projects/${projectId}/provisioning`, {
    headers: { authorization: `Bearer ${token}`, 'accept-language': 'vi' },
    signal: AbortSignal.timeout(10_000),
  })
  const body = (await response.json()) as Omit<ProvisioningAnswer, 'status'>
  return { status: response.status, ...body }
}

/** Asks provisioningOverApi until the project's phase is `phase`; that answer. */
export function phaseOverApi(
  server: ConsoleServer,
  token: string,
  projectId: string,
  phase: 'degraded' | 'ready',
  timeoutMs: number,
): Promise<ProvisioningAnswer> {
  return eventually(`${phase} over the API`, timeoutMs, async () => {
    const answer = await provisioningOverApi(server, token, projectId)
    return answer.phase === phase ? answer : undefined
  })
}
