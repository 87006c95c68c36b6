import { createServer } from 'node:net'
import * as k8s from '@kubernetes/client-node'
import type { Db } from '#server/db/client'
import { connectKubernetes, type KubernetesConnection } from '#server/platform/kubernetes/connection'
import { connectObjectStorage, type ObjectStorage } from '#server/platform/storage/object-storage'
import { reconcileProject, type ReconcileOutcome } from '#server/provisioning/reconcile'
import { connectStackKubernetes } from './platform'
import { reconcilerDeps } from './provisioning'
import { requireStackSetting } from './stack-env'

// Real passes that end in the platform's refusal (decision 0080): the console's identity aimed at a
// port nothing listens on (the network refuses: unavailable, retried), and a Namespace the API
// server itself refuses as invalid (a 422, terminal), with nothing made on the platform.

/** A loopback port that was free a moment ago: connecting to it is refused. */
async function closedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}

/** The console's Kubernetes identity, at an address where nothing answers. */
export async function unreachableKubernetes(): Promise<KubernetesConnection> {
  const config = new k8s.KubeConfig()
  config.loadFromFile(requireStackSetting('KUBE_CONSOLE_KUBECONFIG'))
  const dead = `https://127.0.0.1:${await closedPort()}`
  config.loadFromOptions({
    clusters: config.clusters.map((c) => ({ ...c, server: dead })),
    users: config.users,
    contexts: config.contexts,
    currentContext: config.currentContext,
  })
  return connectKubernetes({ kubeConfig: config, requestTimeoutMs: 5_000 })
}

/** An object storage at an address where nothing answers: nothing is ever made there. */
export async function unreachableStorage(): Promise<ObjectStorage> {
  return connectObjectStorage({
    endpoint: `http://127.0.0.1:${await closedPort()}`,
    region: requireStackSetting('S3_REGION'),
    credentials: { accessKeyId: 'unreachable', secretAccessKey: 'unreachable' },
    requestTimeoutMs: 5_000,
  })
}

/**
 * A pass over `projectId` that the stack's API server refuses (its slug, a label's value, made
 * longer than 63 for the pass only) while the storage cannot be reached: the status records the
 * refusal (phase failed, InvalidObject, Stopped) as the worker would, and the platform holds
 * nothing new, so a seeded project's shared names stay untouched. Where its namespace is already
 * another database's (`npm run dev` shares the seed's names), the refusal is that it is not the
 * console's to change (KubernetesNotOwned): as terminal, and as much a refusal.
 */
export async function refusedPass(db: Db, projectId: string): Promise<ReconcileOutcome> {
  const { slug } = await db.project.findUniqueOrThrow({ where: { id: projectId }, select: { slug: true } })
  const connection = await connectStackKubernetes()
  const storage = await unreachableStorage()
  try {
    await db.project.update({ where: { id: projectId }, data: { slug: 'x'.repeat(70) } })
    const outcome = await reconcileProject(reconcilerDeps(db, connection, storage), projectId)
    if (outcome?.phase !== 'failed' || !outcome.error || outcome.error.retryable)
      throw new Error(`the pass was not refused: ${JSON.stringify(outcome)}`)
    return outcome
  } finally {
    await db.project.update({ where: { id: projectId }, data: { slug } })
    storage.close()
    await connection.close()
  }
}

/**
 * For the browser tests of every page (decisions 0068, 0080): the seeded project at `namespace` gets
 * a refused pass, so its page and the operators' watch carry conditions and a platform's refusal.
 * Returns the catalogue key its Ready condition says the refusal with.
 */
export async function refusedPassOn(db: Db, namespace: string): Promise<string> {
  const { id } = await db.project.findFirstOrThrow({ where: { namespace }, select: { id: true } })
  await refusedPass(db, id)
  const status = await db.provisioningStatus.findUniqueOrThrow({ where: { projectId: id } })
  const ready = (status.conditions as { type: string; messageKey?: string }[]).find((c) => c.type === 'Ready')
  if (!ready?.messageKey?.startsWith('platform.error.'))
    throw new Error(`no refusal recorded: ${JSON.stringify(ready)}`)
  return ready.messageKey
}
