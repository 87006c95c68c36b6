// The live pass, object storage side: make each granted bucket as wanted (created, tagged as the
// project's, versioned, encrypted, private, with its lifecycle, quota and object lock), retire
// buckets no longer granted once they are empty, and keep the project's identity and its policy.
// A bucket with the project's name that the console did not make is left alone (decision 0034).
import type { BucketState, ObjectStorage } from '../platform/storage/object-storage'
import { diffBucket, samePolicy, type BucketFix } from './compare'
import { S3_POLICY_NAME, isProjectBucket, type DesiredBucket, type DesiredState } from './desired'
import { notOwnedError, ownerOf, ownershipLabels, type Ownership } from './ownership'
import { asPlatformError, type LiveFindings } from './pass-result'
import { bucketNames, type PlatformSnapshot } from './snapshot'

export interface StorageOptions {
  /** This intent was made right once, so a difference found now is drift. */
  readonly converged: boolean
  /**
   * Buckets the project's last recorded pass listed as its own: made before the console tagged
   * what it makes, they get their tags now. Any other untagged bucket is someone else's.
   */
  readonly recorded: ReadonlySet<string>
  readonly snapshot?: PlatformSnapshot
}

export async function applyStorage(
  storage: ObjectStorage,
  desired: DesiredState,
  found: LiveFindings,
  options: StorageOptions,
): Promise<void> {
  try {
    const existing = await bucketNames(storage, options.snapshot)
    for (const bucket of desired.buckets) {
      const owner = await claimBucket(storage, desired.projectId, bucket.name, existing, options.recorded)
      if (owner === 'absent' || owner === 'ours')
        await applyBucket(storage, desired.projectId, bucket, existing, found, options.converged)
      else found.errors.push(notOwnedError('storage', `Bucket ${bucket.name}`, owner))
    }
    await retireUngranted(storage, desired, existing, found)
    await applyIdentity(storage, desired, found, options.converged)
  } catch (error) {
    found.errors.push(asPlatformError(error, 'storage'))
  }
}

/**
 * Whether the console may work on this bucket: absent (it makes it, tagged), tagged for this
 * project, or recorded as the project's before tags (tagged now). Otherwise whose it is.
 */
async function claimBucket(
  storage: ObjectStorage,
  projectId: string,
  name: string,
  existing: ReadonlySet<string>,
  recorded: ReadonlySet<string>,
): Promise<Ownership> {
  if (!existing.has(name)) return 'absent'
  const owner = ownerOf(await storage.readBucketTags(name), projectId)
  if (owner !== 'unlabelled' || !recorded.has(name)) return owner
  await storage.tagBucket(name, ownershipLabels(projectId))
  return 'ours'
}

async function applyBucket(
  storage: ObjectStorage,
  projectId: string,
  bucket: DesiredBucket,
  existing: ReadonlySet<string>,
  found: LiveFindings,
  converged: boolean,
): Promise<void> {
  const state = existing.has(bucket.name) ? await storage.readBucket(bucket.name) : null
  const fixes = diffBucket(bucket, state)
  if (state && fixes.includes('objectLock') && !state.objectLock.enabled) {
    // Object lock can only be switched on when a bucket is made.
    found.notes.push({
      code: 'backup.object_lock_missing',
      severity: 'high',
      message: `Bucket ${bucket.name} was made without object lock; its backups are not immutable.`,
    })
  }
  if (fixes.length > 0 && converged)
    found.drift.push({ target: `Bucket/${bucket.name}`, fields: state ? fixes : ['(absent)'] })
  await fixBucket(storage, projectId, bucket, state, fixes)
  found.buckets.push({
    name: bucket.name,
    purpose: bucket.purpose,
    quotaBytes: bucket.quotaBytes.toString(),
    objectLock: bucket.objectLock,
  })
}

/** A bucket no longer granted: removed when empty, kept (and reported) while it holds data. */
async function retireUngranted(
  storage: ObjectStorage,
  desired: DesiredState,
  existing: ReadonlySet<string>,
  found: LiveFindings,
): Promise<void> {
  for (const name of existing) {
    if (!isProjectBucket(desired.namespace, name) || desired.buckets.some((b) => b.name === name)) continue
    if (ownerOf(await storage.readBucketTags(name), desired.projectId) !== 'ours') continue
    if (await storage.bucketIsEmpty(name)) await storage.deleteBucket(name)
    else
      found.notes.push({
        code: 'bucket.retained',
        severity: 'medium',
        message: `Bucket ${name} is no longer granted but still holds data; it is kept until emptied.`,
      })
  }
}

async function applyIdentity(
  storage: ObjectStorage,
  desired: DesiredState,
  found: LiveFindings,
  converged: boolean,
): Promise<void> {
  if (!desired.identity) return
  await storage.ensureUser(desired.identity.user)
  const policy = await storage.getUserPolicy(desired.identity.user, S3_POLICY_NAME)
  if (samePolicy(desired.identity.policy, policy)) return
  if (converged && policy !== null)
    found.drift.push({ target: `Identity/${desired.identity.user}`, fields: ['policy'] })
  await storage.putUserPolicy(desired.identity.user, S3_POLICY_NAME, desired.identity.policy)
}

/**
 * One bucket made as wanted outside a pass (a restore's, decision 0056: it must exist before the
 * copy); its row is already in the intent, so the next pass finds it in sync.
 */
export async function makeBucket(storage: ObjectStorage, projectId: string, want: DesiredBucket): Promise<void> {
  await fixBucket(storage, projectId, want, null, diffBucket(want, null))
}

async function fixBucket(
  storage: ObjectStorage,
  projectId: string,
  want: DesiredBucket,
  have: BucketState | null,
  fixes: readonly BucketFix[],
): Promise<void> {
  for (const fix of fixes) await BUCKET_FIXES[fix](storage, want, { projectId, have })
}

type BucketWrite = (
  storage: ObjectStorage,
  want: DesiredBucket,
  context: { projectId: string; have: BucketState | null },
) => Promise<void>

/** How each fix diffBucket names is written (every fix has one: the record is exhaustive). */
const BUCKET_FIXES: Record<BucketFix, BucketWrite> = {
  create: (storage, want, { projectId }) => createTagged(storage, projectId, want),
  versioning: (storage, want) => storage.setVersioning(want.name, want.versioning),
  encryption: (storage, want) => storage.setDefaultEncryption(want.name, want.encryption),
  publicAccessBlock: (storage, want) => storage.blockPublicAccess(want.name),
  policy: (storage, want) => storage.deleteBucketPolicy(want.name),
  acl: (storage, want) => storage.makeAclPrivate(want.name),
  lifecycle: (storage, want) => storage.setLifecycle(want.name, want.lifecycle),
  quota: (storage, want) => storage.setQuota(want.name, want.quotaBytes),
  // A bucket made without object lock cannot have it switched on (applyBucket notes it instead).
  objectLock: async (storage, want, { have }) => {
    if (want.objectLock && (have === null || have.objectLock.enabled))
      await storage.setObjectLockRetention(want.name, want.objectLock.mode, want.objectLock.days)
  },
}

/** Made and tagged as the project's; one someone made meanwhile is theirs, and left alone. */
async function createTagged(storage: ObjectStorage, projectId: string, want: DesiredBucket): Promise<void> {
  if (!(await storage.createBucket(want.name, { objectLock: want.objectLock !== null }))) {
    const owner = ownerOf(await storage.readBucketTags(want.name), projectId)
    if (owner !== 'ours') throw notOwnedError('storage', `Bucket ${want.name}`, owner)
  }
  await storage.tagBucket(want.name, ownershipLabels(projectId))
}
