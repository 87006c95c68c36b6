// The Kubernetes API server stopped and started again while a project waits to be provisioned
// (issue 16, decision 0071). A private control plane of this file's own (tests/helpers/private-stack.ts:
// etcd, API server, controller-manager, scheduler, kwok, with the platform's policies and the
// console's identity); only its API server is stopped, its etcd keeps the cluster. While it is down
// the agency reads, over the API and in its language, that Kubernetes cannot be reached; once it is
// back the project provisions by itself (the periodic pass takes up what backed off), each decision
// moved along exactly once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { connectKubernetes, type KubernetesConnection } from '#server/platform/kubernetes/connection'
import { kubernetesPlatform } from '#server/platform/kubernetes/platform'
import type { ObjectStorage } from '#server/platform/storage/object-storage'
import { buildConsole, startConsoleServer, type ConsoleServer } from '../../helpers/console-server'
import { createSeededDatabase, type TestDatabase } from '../../helpers/database'
import { approvedSeededProject, phaseOverApi, startProvisioningLoops } from '../../helpers/faults'
import { GiB } from '../../helpers/fixtures'
import { connectStackStorage } from '../../helpers/platform'
import { privateStack, type PrivateStack } from '../../helpers/private-stack'
import { provisioningMoves, reconcilerDeps } from '../../helpers/provisioning'
import { automationToken } from '../../helpers/sign-in'

let stack: PrivateStack
let t: TestDatabase
let server: ConsoleServer
let connection: KubernetesConnection
let storage: ObjectStorage
let loops: { stop(): Promise<void> } | undefined
let token: string

beforeAll(async () => {
  stack = privateStack('apiserver')
  ;[t] = await Promise.all([createSeededDatabase(), stack.up('kubernetes'), buildConsole()])
  server = await startConsoleServer({ databaseUrl: t.url })
  connection = await connectKubernetes({
    kubeconfigPath: stack.setting('KUBE_CONSOLE_KUBECONFIG'),
    requestTimeoutMs: 1_500,
  })
  storage = connectStackStorage(1_500)
  loops = await startProvisioningLoops(t, reconcilerDeps(t.db, connection, storage), 3_000)
  token = await automationToken()
})

afterAll(async () => {
  await loops?.stop()
  await server?.stop()
  storage?.close()
  await connection?.close()
  await t?.drop()
  await stack?.destroy()
})

describe('the Kubernetes API server stopped and started again', () => {
  it(
    'says so to the agency while it is down; afterwards the project provisions by itself, once',
    { timeout: 150_000 },
    async () => {
      await stack.stop('kubernetes-apiserver')
      const { projectId, namespace, requestId } = await approvedSeededProject(t.db, 'so-tc', {
        cpu: 1_000n,
        memory: 2n * GiB,
        pods: 10n,
      })
      const degraded = await phaseOverApi(server, token, projectId, 'degraded', 30_000)
      // Agency staff read the reason in their words, never the platform's addresses (decision 0030).
      expect(degraded).toMatchObject({ status: 200, lastError: 'Không kết nối được Kubernetes' })
      expect(degraded.conditions).toContainEqual(
        expect.objectContaining({ type: 'Degraded', status: 'True', reason: 'KubernetesUnavailable' }),
      )

      await stack.up('kubernetes')
      const ready = await phaseOverApi(server, token, projectId, 'ready', 60_000)
      expect(ready.conditions).toContainEqual(expect.objectContaining({ type: 'Ready', status: 'True' }))

      const kube = kubernetesPlatform(connection)
      expect(await kube.read({ kind: 'ResourceQuota', namespace, name: 'govcloud-quota' })).not.toBeNull()
      expect((await t.db.quotaRequest.findUniqueOrThrow({ where: { id: requestId } })).state).toBe('active')
      expect(await provisioningMoves(t.db, [requestId])).toEqual({
        'request.start_provisioning': 1,
        'request.mark_active': 1,
      })
    },
  )
})
