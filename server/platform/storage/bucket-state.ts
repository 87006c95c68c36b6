// What a bucket is, in the terms the console compares, and how S3's answers map onto them.
import type {
  GetBucketAclOutput,
  GetBucketEncryptionOutput,
  GetBucketLifecycleConfigurationOutput,
  GetBucketPolicyOutput,
  GetBucketVersioningOutput,
  GetObjectLockConfigurationOutput,
  GetPublicAccessBlockOutput,
  LifecycleRule as S3LifecycleRule,
} from '@aws-sdk/client-s3'

export type Versioning = 'Enabled' | 'Suspended' | 'Off'

export interface PublicAccessBlock {
  readonly BlockPublicAcls: boolean
  readonly IgnorePublicAcls: boolean
  readonly BlockPublicPolicy: boolean
  readonly RestrictPublicBuckets: boolean
}

export const BLOCK_ALL_PUBLIC_ACCESS: PublicAccessBlock = {
  BlockPublicAcls: true,
  IgnorePublicAcls: true,
  BlockPublicPolicy: true,
  RestrictPublicBuckets: true,
}

/** The lifecycle rules the console writes: noncurrent versions and abandoned multipart uploads. */
export interface LifecycleRule {
  readonly id: string
  readonly noncurrentDays?: number
  readonly abortMultipartDays?: number
}

export interface ObjectLock {
  readonly enabled: boolean
  readonly mode: 'COMPLIANCE' | 'GOVERNANCE' | null
  readonly days: number | null
}

/** What a bucket is now, in the terms the console compares. */
export interface BucketState {
  readonly name: string
  readonly versioning: Versioning
  readonly encryption: string | null
  readonly publicAccessBlock: PublicAccessBlock | null
  readonly policy: string | null
  /** ACL grants to everyone or to every authenticated user: a public bucket. */
  readonly publicGrants: readonly string[]
  readonly lifecycle: readonly LifecycleRule[]
  /** Bytes; null when no quota is enforced. */
  readonly quotaBytes: bigint | null
  readonly objectLock: ObjectLock
}

/** The part of a bucket's state that S3's own configuration calls hold (the quota is SeaweedFS's). */
export type BucketSettings = Omit<BucketState, 'name' | 'quotaBytes'>

/** S3's answers to the configuration reads; null where the bucket has no such configuration. */
export interface S3BucketConfiguration {
  readonly versioning: GetBucketVersioningOutput
  readonly encryption: GetBucketEncryptionOutput | null
  readonly publicAccessBlock: GetPublicAccessBlockOutput | null
  readonly policy: GetBucketPolicyOutput | null
  readonly acl: GetBucketAclOutput
  readonly lifecycle: GetBucketLifecycleConfigurationOutput | null
  readonly objectLock: GetObjectLockConfigurationOutput | null
}

const PUBLIC_GROUPS = [
  'http://acs.amazonaws.com/groups/global/AllUsers',
  'http://acs.amazonaws.com/groups/global/AuthenticatedUsers',
]

export function bucketSettingsFrom(s3: S3BucketConfiguration): BucketSettings {
  const status = s3.versioning.Status
  return {
    versioning: status === 'Enabled' ? 'Enabled' : status === 'Suspended' ? 'Suspended' : 'Off',
    encryption:
      s3.encryption?.ServerSideEncryptionConfiguration?.Rules?.[0]?.ApplyServerSideEncryptionByDefault?.SSEAlgorithm ??
      null,
    publicAccessBlock: publicAccessBlockFrom(s3.publicAccessBlock),
    policy: s3.policy?.Policy?.trim() || null,
    publicGrants: (s3.acl.Grants ?? [])
      .filter((g) => g.Grantee?.Type === 'Group' && PUBLIC_GROUPS.includes(g.Grantee.URI ?? ''))
      .map((g) => `${g.Grantee?.URI?.split('/').pop() ?? 'group'}:${g.Permission ?? ''}`),
    lifecycle: (s3.lifecycle?.Rules ?? []).filter((r) => r.Status === 'Enabled').map(lifecycleRuleFrom),
    objectLock: objectLockFrom(s3.objectLock),
  }
}

function publicAccessBlockFrom(answer: GetPublicAccessBlockOutput | null): PublicAccessBlock | null {
  const block = answer?.PublicAccessBlockConfiguration
  if (!block) return null
  return {
    BlockPublicAcls: block.BlockPublicAcls === true,
    IgnorePublicAcls: block.IgnorePublicAcls === true,
    BlockPublicPolicy: block.BlockPublicPolicy === true,
    RestrictPublicBuckets: block.RestrictPublicBuckets === true,
  }
}

function lifecycleRuleFrom(rule: S3LifecycleRule): LifecycleRule {
  const noncurrentDays = rule.NoncurrentVersionExpiration?.NoncurrentDays
  const abortMultipartDays = rule.AbortIncompleteMultipartUpload?.DaysAfterInitiation
  return {
    id: rule.ID ?? '',
    ...(noncurrentDays !== undefined ? { noncurrentDays } : {}),
    ...(abortMultipartDays !== undefined ? { abortMultipartDays } : {}),
  }
}

function objectLockFrom(answer: GetObjectLockConfigurationOutput | null): ObjectLock {
  const retention = answer?.ObjectLockConfiguration?.Rule?.DefaultRetention
  return {
    enabled: answer?.ObjectLockConfiguration?.ObjectLockEnabled === 'Enabled',
    mode: retention?.Mode === 'COMPLIANCE' || retention?.Mode === 'GOVERNANCE' ? retention.Mode : null,
    days: retention?.Days ?? null,
  }
}

/** The console's lifecycle rules as S3 writes them: enabled, for the whole bucket. */
export function lifecycleRuleTo(rule: LifecycleRule): S3LifecycleRule {
  return {
    ID: rule.id,
    Status: 'Enabled',
    Filter: { Prefix: '' },
    ...(rule.noncurrentDays !== undefined
      ? { NoncurrentVersionExpiration: { NoncurrentDays: rule.noncurrentDays } }
      : {}),
    ...(rule.abortMultipartDays !== undefined
      ? { AbortIncompleteMultipartUpload: { DaysAfterInitiation: rule.abortMultipartDays } }
      : {}),
  }
}
