// Backups with the platform's own credentials (issue 15, decision 0056), the attack: agency A's
// staff, with the kubeconfig the console gives them, can neither list nor create Velero's objects
// in govcloud-velero (where every project's backups and restores live), and A's S3 key can neither
// read, list, write nor delete in agency B's backup bucket, which stays as it was.
import {
  DeleteObjectCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3'
import * as k8s from '@kubernetes/client-node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { backupBucketName } from '#server/domain/bucket-names'
import type { KubernetesConnection } from '#server/platform/kubernetes/connection'
import type { ObjectStorage } from '#server/platform/storage/object-storage'
import { requestS3AccessKey } from '#server/provisioning/key-requests'
import { reconcileProject } from '#server/provisioning/reconcile'
import { BACKUP_POOLS, veleroSettings } from '../../helpers/project-backups'
import { createTestDatabase, type TestDatabase } from '../../helpers/database'
import { GiB, makeAgency, makePools, makeUser } from '../../helpers/fixtures'
import {
  adminS3Client,
  connectStackKubernetes,
  connectStackStorage,
  s3ClientWith,
  s3StatusOf,
} from '../../helpers/platform'
import { approvedProject, reconcilerDeps, startKeyWorker, tearDownPlatform } from '../../helpers/provisioning'
import { requireStackSetting } from '../../helpers/stack-env'
import { canI, clientsOf, kubeConfigWithToken, kubectlToken, outcomeOf } from './agency-kubectl'

let t: TestDatabase
let connection: KubernetesConnection
let storage: ObjectStorage
let keyWorker: { stop(): Promise<void> } | undefined
let attacker: S3Client
const admin = adminS3Client()
const namespaces: string[] = []
let victimBackup: string
const COPY_KEY = 'buckets/so-tc-data/bao-cao-quyet-toan.xlsx'

beforeAll(async () => {
  t = await createTestDatabase()
  await makePools(t.db, BACKUP_POOLS)
  connection = await connectStackKubernetes()
  storage = connectStackStorage()
  keyWorker = await startKeyWorker(t, storage)
  const requesterId = await makeUser(t.db, 'Nguyễn Văn An')
  const operatorId = await makeUser(t.db, 'Đặng Minh Đức')
  // Without Velero settings: the buckets are what this file is about, not Velero's schedule.
  const deps = reconcilerDeps(t.db, connection, storage, { settings: { ...veleroSettings(), velero: null } })
  const made: Record<string, { projectId: string; namespace: string }> = {}
  for (const agency of ['Sở Khoa học và Công nghệ', 'Sở Tài chính']) {
    const project = await approvedProject(t.db, {
      agencyId: await makeAgency(t.db, agency),
      requesterId,
      operatorId,
      lines: { cpu: 500n, memory: GiB, pods: 2n, objectStorage: GiB, buckets: 1n, backupStorage: GiB },
    })
    namespaces.push(project.namespace)
    expect(await reconcileProject(deps, project.projectId)).toMatchObject({ phase: 'ready', error: null })
    made[agency] = project
  }
  victimBackup = backupBucketName(made['Sở Tài chính']!.namespace)
  await admin.send(new PutObjectCommand({ Bucket: victimBackup, Key: COPY_KEY, Body: 'Quyết toán 2026' }))
  const key = await requestS3AccessKey(t.db, {
    projectId: made['Sở Khoa học và Công nghệ']!.projectId,
    actor: { id: requesterId, label: 'Nguyễn Văn An' },
    label: 'máy chủ ứng dụng',
  })
  attacker = s3ClientWith(key)
}, 180_000)

afterAll(async () => {
  await keyWorker?.stop()
  attacker?.destroy()
  admin.destroy()
  await tearDownPlatform(connection, storage, namespaces)
  await t?.drop()
})

describe("another agency's backups with one's own platform credentials", () => {
  it("cannot read, list, write or delete in B's backup bucket with A's S3 key; B's copy stays", async () => {
    expect(await s3StatusOf(attacker.send(new ListObjectsV2Command({ Bucket: victimBackup })))).toBe(403)
    expect(await s3StatusOf(attacker.send(new GetObjectCommand({ Bucket: victimBackup, Key: COPY_KEY })))).toBe(403)
    expect(
      await s3StatusOf(attacker.send(new PutObjectCommand({ Bucket: victimBackup, Key: COPY_KEY, Body: 'giả mạo' }))),
    ).toBe(403)
    expect(await s3StatusOf(attacker.send(new DeleteObjectCommand({ Bucket: victimBackup, Key: COPY_KEY })))).toBe(403)
    const kept = await admin.send(new GetObjectCommand({ Bucket: victimBackup, Key: COPY_KEY }))
    expect(await kept.Body?.transformToString()).toBe('Quyết toán 2026')
  })

  it("cannot list or create Velero's backups and restores in govcloud-velero with the agency's kubeconfig", async () => {
    const kc = kubeConfigWithToken(await kubectlToken('an.nguyen'))
    const custom = kc.makeApiClient(k8s.CustomObjectsApi)
    const namespace = requireStackSetting('VELERO_NAMESPACE')
    const at = { group: 'velero.io', version: 'v1', namespace }
    for (const plural of ['backups', 'restores', 'schedules', 'backupstoragelocations']) {
      expect((await outcomeOf(custom.listNamespacedCustomObject({ ...at, plural }))).status, plural).toBe(403)
      expect(
        await canI(clientsOf(kc), { namespace, verb: 'create', group: 'velero.io', resource: plural }),
        plural,
      ).toBe(false)
    }
    const restore = {
      apiVersion: 'velero.io/v1',
      kind: 'Restore',
      metadata: { name: 'khoi-phuc-trai-phep' },
      spec: { backupName: 'bat-ky', includedNamespaces: ['*'] },
    }
    expect(
      (await outcomeOf(custom.createNamespacedCustomObject({ ...at, plural: 'restores', body: restore }))).status,
    ).toBe(403)
    expect((await outcomeOf(clientsOf(kc).core.listNamespacedSecret({ namespace }))).status).toBe(403)
  })
})
