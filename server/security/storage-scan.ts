// The storage scan (issue 13): every project's buckets as the object storage reports them, and its
// access keys, against the storage checks at the project's level. It runs in the provisioning
// worker, the one process with the storage's admin keys (decision 0032). A project's buckets are
// found among the storage's by the names the reconciler gives them (server/domain/bucket-names.ts).
import type { Db } from '../db/client'
import { projectBucketPurpose } from '../domain/bucket-names'
import { SECURITY_LEVELS, type SecurityLevel } from '../domain/project'
import type { ObjectStorage } from '../platform/storage/object-storage'
import { recordFindings, type Observation } from './findings'
import { recordedKeyUse, type KeyUse } from './key-use/recorded-use'
import { mapLimited } from './map-limited'
import type { ReportPublisher } from './namespace-reports'
import { runScan, withReports, type ScanRun } from './scan-runs'
import {
  BUCKET_CHECK_IDS,
  KEY_AGE_CHECK,
  KEY_IDLE_CHECK,
  bucketObservations,
  keyObservations,
  type ProjectRef,
  type ScannedBucket,
} from './storage-checks'

export interface StorageScanDeps {
  readonly db: Db
  readonly storage: ObjectStorage
  /** The record of key use; absent: the S3 access log's as received (key-use/), GC-KEY-02 evaluated only while it arrives. */
  readonly keyUse?: KeyUse
  /** Writes the reports of the projects' namespaces (decision 0042); absent: none are written. */
  readonly publish?: ReportPublisher
  readonly now?: () => Date
}

/** Buckets read at once: the storage is shared with the reconciler and the tenants. */
const READ_CONCURRENCY = 4

async function projects(db: Db, projectId?: string): Promise<ProjectRef[]> {
  const rows = await db.project.findMany({
    where: projectId ? { id: projectId } : {},
    select: { id: true, agencyId: true, namespace: true, securityLevel: true },
  })
  return rows
    .filter((p) => (SECURITY_LEVELS as readonly number[]).includes(p.securityLevel))
    .map((p) => ({
      projectId: p.id,
      agencyId: p.agencyId,
      namespace: p.namespace,
      securityLevel: p.securityLevel as SecurityLevel,
    }))
}

/** Each project's buckets, read in full; a bucket gone between the listing and the read is skipped. */
async function bucketFindings(
  storage: ObjectStorage,
  all: readonly ProjectRef[],
): Promise<{ n: number; seen: Observation[] }> {
  const names = await storage.listBuckets()
  const owned = all.flatMap((project) =>
    names.flatMap((name) => {
      const purpose = projectBucketPurpose(project.namespace, name)
      return purpose ? [{ project, name, purpose }] : []
    }),
  )
  const read = await mapLimited(owned, READ_CONCURRENCY, async ({ project, name, purpose }) => {
    const [state, policyPublic] = await Promise.all([storage.readBucket(name), storage.bucketPolicyIsPublic(name)])
    if (!state) return []
    const bucket: ScannedBucket = { purpose, state, policyPublic }
    return bucketObservations(project, bucket)
  })
  return { n: owned.length, seen: read.flat() }
}

async function keyFindings(
  deps: StorageScanDeps,
  all: readonly ProjectRef[],
  now: Date,
): Promise<{ n: number; seen: Observation[]; idleKnown: boolean }> {
  const byId = new Map(all.map((p) => [p.projectId, p]))
  const keys = await deps.db.s3Credential.findMany({
    where: { revokedAt: null, projectId: { in: [...byId.keys()] } },
    select: { projectId: true, accessKeyId: true, label: true, createdAt: true },
  })
  const keyUse = deps.keyUse ?? recordedKeyUse(deps.db, { now: () => now })
  const use = await keyUse(keys.map((k) => k.accessKeyId))
  const seen = keys.flatMap((key) =>
    keyObservations(byId.get(key.projectId)!, { ...key, lastUsedAt: use?.lastUsed.get(key.accessKeyId) ?? null }, now, {
      logSince: use?.since ?? null,
    }),
  )
  return { n: keys.length, seen, idleKnown: use !== null }
}

/** The full storage scan: every project's buckets and keys. */
export function scanStorage(deps: StorageScanDeps): Promise<ScanRun> {
  return runScan(deps.db, 'storage', async () => {
    const now = deps.now?.() ?? new Date()
    const all = await projects(deps.db)
    const buckets = await bucketFindings(deps.storage, all)
    const keys = await keyFindings(deps, all, now)
    const checkIds = [...BUCKET_CHECK_IDS, KEY_AGE_CHECK, ...(keys.idleKnown ? [KEY_IDLE_CHECK] : [])]
    const recorded = await recordFindings(deps.db, { checkIds }, [...buckets.seen, ...keys.seen], now)
    return { subjects: buckets.n + keys.n, recorded, namespaces: all.map((p) => p.namespace) }
  }).then(withReports(deps.publish))
}

/** One project's keys again, after a key was issued or revoked. */
export function scanProjectKeys(deps: StorageScanDeps, projectId: string): Promise<ScanRun> {
  return runScan(deps.db, 'keys', async () => {
    const now = deps.now?.() ?? new Date()
    const all = await projects(deps.db, projectId)
    const keys = await keyFindings(deps, all, now)
    const checkIds = [KEY_AGE_CHECK, ...(keys.idleKnown ? [KEY_IDLE_CHECK] : [])]
    const namespaces = all.map((p) => p.namespace)
    const recorded = await recordFindings(deps.db, { checkIds, namespaces }, keys.seen, now)
    return { subjects: keys.n, recorded, namespaces }
  }).then(withReports(deps.publish))
}
