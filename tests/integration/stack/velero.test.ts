// Velero on the local stack (issue 15, decision 0053): the `velero server` that
// infra/local/components/velero.sh builds and runs, its AWS plugin writing to SeaweedFS. A
// namespace's manifests (a ConfigMap, a Deployment) are backed up through a BackupStorageLocation
// into an object-locked, versioned bucket like a project's backup bucket, the namespace is deleted,
// and a Restore brings the objects back. Manifests only: kwok's pods never run, so there is no
// volume data to copy (the decision says what that leaves out).
import { randomBytes } from 'node:crypto'
import {
  CreateBucketCommand,
  DeleteBucketCommand,
  DeleteObjectCommand,
  ListObjectsV2Command,
  ListObjectVersionsCommand,
  PutBucketVersioningCommand,
  PutObjectLockConfigurationCommand,
} from '@aws-sdk/client-s3'
import * as k8s from '@kubernetes/client-node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { KubernetesConnection } from '#server/platform/kubernetes/connection'
import { adminKubeConfig, adminS3Client, connectAdminKubernetes } from '../../helpers/platform'
import { eventually } from '../../helpers/poll'
import { requireStackSetting } from '../../helpers/stack-env'

const run = `${Date.now().toString(36)}-${randomBytes(2).toString('hex')}`
const namespace = `it-velero-${run}`
const bucket = `it-velero-${run}`
const veleroNamespace = requireStackSetting('VELERO_NAMESPACE')
const velero = { group: 'velero.io', version: 'v1', namespace: veleroNamespace }
const location = `it-${run}`
const backupName = `it-${run}`
const restoreName = `it-${run}-restore`
const s3 = adminS3Client()
let admin: KubernetesConnection
let custom: k8s.CustomObjectsApi

interface Phased {
  readonly status?: { readonly phase?: string; readonly errors?: number; readonly warnings?: number }
}

beforeAll(async () => {
  admin = await connectAdminKubernetes()
  custom = adminKubeConfig().makeApiClient(k8s.CustomObjectsApi)
})

afterAll(async () => {
  // The location first: with it gone, Velero's sync cannot bring the Backup back from the bucket.
  for (const [plural, name] of [
    ['backupstoragelocations', location],
    ['restores', restoreName],
    ['backups', backupName],
  ] as const) {
    await custom?.deleteNamespacedCustomObject({ ...velero, plural, name }).catch(() => undefined)
  }
  await admin?.core.deleteNamespacedSecret({ namespace: veleroNamespace, name: location }).catch(() => undefined)
  await admin?.core.deleteNamespace({ name: namespace }).catch(() => undefined)
  await admin?.close()
  const versions = await s3.send(new ListObjectVersionsCommand({ Bucket: bucket })).catch(() => undefined)
  for (const v of versions?.Versions ?? []) {
    await s3
      .send(
        new DeleteObjectCommand({
          Bucket: bucket,
          Key: v.Key,
          VersionId: v.VersionId,
          BypassGovernanceRetention: true,
        }),
      )
      .catch(() => undefined)
  }
  await s3.send(new DeleteBucketCommand({ Bucket: bucket })).catch(() => undefined)
  s3.destroy()
})

async function phaseOf(plural: string, name: string, done: readonly string[]): Promise<Phased | undefined> {
  const object = (await custom.getNamespacedCustomObject({ ...velero, plural, name })) as Phased
  return done.includes(object.status?.phase ?? '') ? object : undefined
}

/** A backup bucket as provisioning makes one: versioned, object lock on, default retention. */
async function makeLockedBucket(): Promise<void> {
  await s3.send(new CreateBucketCommand({ Bucket: bucket, ObjectLockEnabledForBucket: true }))
  await s3.send(new PutBucketVersioningCommand({ Bucket: bucket, VersioningConfiguration: { Status: 'Enabled' } }))
  await s3.send(
    new PutObjectLockConfigurationCommand({
      Bucket: bucket,
      ObjectLockConfiguration: {
        ObjectLockEnabled: 'Enabled',
        Rule: { DefaultRetention: { Mode: 'GOVERNANCE', Days: 1 } },
      },
    }),
  )
}

/** The location's keys as the AWS plugin reads them: a shared-credentials file in a Secret. */
async function makeLocation(): Promise<void> {
  const keys = [
    '[default]',
    `aws_access_key_id=${requireStackSetting('S3_ADMIN_ACCESS_KEY_ID')}`,
    `aws_secret_access_key=${requireStackSetting('S3_ADMIN_SECRET_ACCESS_KEY')}`,
    '',
  ].join('\n')
  await admin.core.createNamespacedSecret({
    namespace: veleroNamespace,
    body: { metadata: { name: location }, stringData: { cloud: keys } },
  })
  await custom.createNamespacedCustomObject({
    ...velero,
    plural: 'backupstoragelocations',
    body: {
      apiVersion: 'velero.io/v1',
      kind: 'BackupStorageLocation',
      metadata: { name: location },
      spec: {
        provider: 'aws',
        objectStorage: { bucket, prefix: 'velero' },
        credential: { name: location, key: 'cloud' },
        config: {
          region: requireStackSetting('S3_REGION'),
          s3Url: requireStackSetting('S3_ENDPOINT'),
          s3ForcePathStyle: 'true',
        },
      },
    },
  })
}

async function makeWorkload(): Promise<void> {
  await admin.core.createNamespace({ body: { metadata: { name: namespace } } })
  await admin.core.createNamespacedConfigMap({
    namespace,
    body: { metadata: { name: 'cau-hinh' }, data: { 'don-vi': 'Sở Khoa học và Công nghệ', cap: '3' } },
  })
  const apps = admin.kubeConfig.makeApiClient(k8s.AppsV1Api)
  await apps.createNamespacedDeployment({
    namespace,
    body: {
      metadata: { name: 'cong-thong-tin', labels: { app: 'cong-thong-tin' } },
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: 'cong-thong-tin' } },
        template: {
          metadata: { labels: { app: 'cong-thong-tin' } },
          spec: { containers: [{ name: 'web', image: 'registry.langson.gov.vn/cong-thong-tin:2.1' }] },
        },
      },
    },
  })
}

describe('Velero on the local stack', () => {
  it('backs a namespace up into an object-locked bucket, and restores it after the namespace is deleted', async () => {
    await makeLockedBucket()
    await makeLocation()
    await makeWorkload()
    await eventually('the location Available', 90_000, () => phaseOf('backupstoragelocations', location, ['Available']))

    await custom.createNamespacedCustomObject({
      ...velero,
      plural: 'backups',
      body: {
        apiVersion: 'velero.io/v1',
        kind: 'Backup',
        metadata: { name: backupName },
        spec: { includedNamespaces: [namespace], storageLocation: location, ttl: '1h0m0s', snapshotVolumes: false },
      },
    })
    const backup = await eventually('the backup done', 120_000, () =>
      phaseOf('backups', backupName, ['Completed', 'PartiallyFailed', 'Failed', 'FailedValidation']),
    )
    expect(backup.status).toMatchObject({ phase: 'Completed' })
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: `velero/backups/${backupName}/` }))
    const keys = (listed.Contents ?? []).map((o) => o.Key)
    expect(keys).toEqual(
      expect.arrayContaining([
        `velero/backups/${backupName}/${backupName}.tar.gz`,
        `velero/backups/${backupName}/velero-backup.json`,
      ]),
    )

    await admin.core.deleteNamespace({ name: namespace })
    await eventually('the namespace gone', 120_000, async () =>
      (await admin.core.readNamespace({ name: namespace }).then(
        () => false,
        () => true,
      ))
        ? true
        : undefined,
    )

    await custom.createNamespacedCustomObject({
      ...velero,
      plural: 'restores',
      body: {
        apiVersion: 'velero.io/v1',
        kind: 'Restore',
        metadata: { name: restoreName },
        spec: { backupName, includedNamespaces: [namespace] },
      },
    })
    const restore = await eventually('the restore done', 120_000, () =>
      phaseOf('restores', restoreName, ['Completed', 'PartiallyFailed', 'Failed', 'FailedValidation']),
    )
    expect(restore.status).toMatchObject({ phase: 'Completed' })
    const config = await admin.core.readNamespacedConfigMap({ namespace, name: 'cau-hinh' })
    expect(config.data).toEqual({ 'don-vi': 'Sở Khoa học và Công nghệ', cap: '3' })
    const apps = admin.kubeConfig.makeApiClient(k8s.AppsV1Api)
    const deployment = await apps.readNamespacedDeployment({ namespace, name: 'cong-thong-tin' })
    expect(deployment.spec?.template.spec?.containers[0]?.image).toBe('registry.langson.gov.vn/cong-thong-tin:2.1')
    expect(deployment.metadata?.labels).toMatchObject({ 'velero.io/restore-name': restoreName })
  })
})
