import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseAuditSettings } from '#server/audit/settings'
import type { KubernetesConnection } from '#server/platform/kubernetes/connection'
import type { LockedObjects } from '#server/platform/storage/locked-objects'
import type { PlatformProbeDeps } from '#server/security/platform-probes'
import { scanPlatform } from '#server/security/platform-scan'
import { createTestDatabase, type TestDatabase } from '../../helpers/database'
import { connectAdminKubernetes, connectStackKubernetes } from '../../helpers/platform'
import { requireStackSetting } from '../../helpers/stack-env'
import { appendEntries, connectTestBucket, trailOf, type Trail } from '../audit/support'

// The platform scan against the stack as it runs: the API server (probed without credentials,
// and as the console for its bindings, /metrics and /flagz), SeaweedFS without a signature, and
// the audit trail's checkpoints in a database of the test's own.

let database: TestDatabase
let kube: KubernetesConnection
let admin: KubernetesConnection
let bucket: LockedObjects
let trail: Trail
let deps: PlatformProbeDeps

beforeAll(async () => {
  database = await createTestDatabase()
  kube = await connectStackKubernetes()
  admin = await connectAdminKubernetes()
  bucket = connectTestBucket()
  await bucket.ensureBucket(1)
  trail = trailOf(database, bucket)
  deps = {
    db: database.db,
    kube,
    s3Endpoint: requireStackSetting('S3_ENDPOINT'),
    sampleBuckets: () => Promise.resolve(['govcloud-audit-checkpoints']),
    filerUrl: requireStackSetting('SEAWEEDFS_FILER_URL'),
    audit: { settings: parseAuditSettings({}), publicKey: trail.publicKey },
  }
})
afterAll(async () => {
  bucket.close()
  await kube.close()
  await admin.close()
  await database.drop()
})

const open = async () =>
  Object.fromEntries(
    (
      await database.db.securityFinding.findMany({
        where: { resolvedAt: null },
        select: { checkId: true, subjectKind: true, subjectNamespace: true, projectId: true, detail: true },
      })
    ).map((f) => [f.checkId, f]),
  )

describe('the platform as the local stack runs it', () => {
  it('passes the API server (audited, no anonymous reads, sign-in only) and finds the filer readable by anyone', async () => {
    const run = await scanPlatform(deps)
    expect(run.partial).toBeUndefined()
    expect(run.subjects).toBe(5)
    const found = await open()
    expect(Object.keys(found)).toEqual(['GC-PLT-04'])
    // S3 refuses unsigned requests; the filer's HTTP API lists the buckets' folder to anyone.
    expect(found['GC-PLT-04']).toEqual({
      checkId: 'GC-PLT-04',
      subjectKind: 'ObjectStorage',
      subjectNamespace: '',
      projectId: null,
      detail: { reads: ['filer GET /buckets/'] },
    })
  })
})

describe('anonymous access to the API server', () => {
  const name = `govcloud-test-anonymous-${process.pid}`
  it('is found when a binding lets anonymous callers list namespaces, and resolved when it goes', async () => {
    const rbac = admin.rbac
    await rbac.createClusterRole({
      body: { metadata: { name }, rules: [{ apiGroups: [''], resources: ['namespaces'], verbs: ['list'] }] },
    })
    try {
      await rbac.createClusterRoleBinding({
        body: {
          metadata: { name },
          roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name },
          subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'system:unauthenticated' }],
        },
      })
      await scanPlatform(deps)
      expect((await open())['GC-PLT-01']?.detail).toEqual({
        reads: ['/api/v1/namespaces'],
        bindings: [`ClusterRoleBinding/${name}`],
      })
    } finally {
      await rbac.deleteClusterRoleBinding({ name }).catch(() => undefined)
      await rbac.deleteClusterRole({ name })
    }
    const run = await scanPlatform(deps)
    expect(run.recorded.resolved).toBe(1)
    expect((await open())['GC-PLT-01']).toBeUndefined()
  })
})

describe('the audit trail’s checkpoints', () => {
  it('finds a trail never signed, then a stale checkpoint, and resolves it when a fresh one is signed', async () => {
    await appendEntries(database.db, 2)
    await scanPlatform(deps)
    expect((await open())['GC-PLT-05']?.detail).toEqual({ lastCheckpoint: 'none', entries: 2 })

    await trail.checkpoint()
    await scanPlatform(deps)
    expect((await open())['GC-PLT-05']).toBeUndefined()

    // An hour on without another: the default interval is 600 s, stale after 2 × 600 s + 60 s.
    await scanPlatform({ ...deps, now: () => new Date(Date.now() + 3_600_000) })
    expect((await open())['GC-PLT-05']?.detail).toMatchObject({ lastCheckpoint: 1, ageSeconds: 3600 })

    // A checkpoint signed then (the scan's clock never goes back: what it saw last is kept until later).
    const later = new Date(Date.now() + 3_600_000 + 1_000)
    await trail.checkpoint(later)
    await scanPlatform({ ...deps, now: () => new Date(later.getTime() + 1_000) })
    expect((await open())['GC-PLT-05']).toBeUndefined()
  })
})
