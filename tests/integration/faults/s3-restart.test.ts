// The S3 server stopped and started again while a project waits for its bucket (issue 16, decision
// 0071). A private SeaweedFS of this file's own (tests/helpers/private-stack.ts); the namespace goes
// to the shared cluster, which is not touched otherwise. While the storage is down the agency reads
// over the API, in its language, that the object storage cannot be reached; once it is back the
// project provisions by itself: its bucket is there with versioning, the request active, each
// decision moved along exactly once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { KubernetesConnection } from '#server/platform/kubernetes/connection'
import { connectObjectStorage, type ObjectStorage } from '#server/platform/storage/object-storage'
import { buildConsole, startConsoleServer, type ConsoleServer } from '../../helpers/console-server'
import { createSeededDatabase, type TestDatabase } from '../../helpers/database'
import { approvedSeededProject, phaseOverApi, startProvisioningLoops } from '../../helpers/faults'
import { GiB } from '../../helpers/fixtures'
import { connectStackKubernetes } from '../../helpers/platform'
import { privateStack, type PrivateStack } from '../../helpers/private-stack'
import { provisioningMoves, reconcilerDeps, tearDownPlatform } from '../../helpers/provisioning'
import { automationToken } from '../../helpers/sign-in'

let stack: PrivateStack
let t: TestDatabase
let server: ConsoleServer
let connection: KubernetesConnection
let storage: ObjectStorage
let loops: { stop(): Promise<void> } | undefined
let token: string
const namespaces: string[] = []

beforeAll(async () => {
  stack = privateStack('s3')
  ;[t] = await Promise.all([createSeededDatabase(), stack.up('seaweedfs'), buildConsole()])
  server = await startConsoleServer({ databaseUrl: t.url })
  connection = await connectStackKubernetes(1_500)
  storage = connectObjectStorage({
    endpoint: stack.setting('S3_ENDPOINT'),
    region: stack.setting('S3_REGION'),
    iamEndpoint: stack.setting('SEAWEEDFS_IAM_URL'),
    credentials: {
      accessKeyId: stack.setting('S3_ADMIN_ACCESS_KEY_ID'),
      secretAccessKey: stack.setting('S3_ADMIN_SECRET_ACCESS_KEY'),
    },
    requestTimeoutMs: 1_500,
  })
  loops = await startProvisioningLoops(t, reconcilerDeps(t.db, connection, storage), 3_000)
  token = await automationToken()
})

afterAll(async () => {
  await loops?.stop()
  await server?.stop()
  await tearDownPlatform(connection, storage, namespaces)
  await t?.drop()
  await stack?.destroy()
})

describe('the S3 server stopped and started again', () => {
  it('says so to the agency while it is down; afterwards the bucket is made by itself, once', async () => {
    await stack.down('seaweedfs')
    const { projectId, namespace, requestId } = await approvedSeededProject(t.db, 'so-tc', {
      cpu: 1_000n,
      memory: 2n * GiB,
      pods: 10n,
      objectStorage: GiB,
      buckets: 1n,
    })
    namespaces.push(namespace)
    const degraded = await phaseOverApi(server, token, projectId, 'degraded', 30_000)
    // Agency staff read the reason in their words, never the platform's addresses (decision 0030).
    expect(degraded).toMatchObject({ status: 200, lastError: 'Không kết nối được kho lưu trữ đối tượng' })
    expect(degraded.conditions).toContainEqual(
      expect.objectContaining({ type: 'Degraded', status: 'True', reason: 'StorageUnavailable' }),
    )

    await stack.up('seaweedfs')
    const ready = await phaseOverApi(server, token, projectId, 'ready', 60_000)
    expect(ready.conditions).toContainEqual(expect.objectContaining({ type: 'Ready', status: 'True' }))

    expect(await storage.readBucket(`${namespace}-data`)).toMatchObject({ versioning: 'Enabled' })
    expect((await t.db.quotaRequest.findUniqueOrThrow({ where: { id: requestId } })).state).toBe('active')
    expect(await provisioningMoves(t.db, [requestId])).toEqual({
      'request.start_provisioning': 1,
      'request.mark_active': 1,
    })
  })
})
