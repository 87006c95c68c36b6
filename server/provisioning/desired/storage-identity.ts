// The project's storage identity: one IAM user named after the namespace, whose policy reaches
// its own buckets only and object-level actions only (bucket settings stay the console's).
import type { DesiredBucket } from './buckets'

export const S3_POLICY_NAME = 'project-buckets'

export interface S3Policy {
  readonly Version: '2012-10-17'
  readonly Statement: readonly {
    readonly Sid: string
    readonly Effect: 'Allow'
    readonly Action: readonly string[]
    readonly Resource: readonly string[]
  }[]
}

export interface DesiredIdentity {
  readonly user: string
  readonly policy: S3Policy
}

/** Object-level rights only: bucket settings (versioning, policy, lifecycle, quota) stay the console's. */
const TENANT_S3_ACTIONS = [
  's3:GetObject',
  's3:GetObjectVersion',
  's3:PutObject',
  's3:DeleteObject',
  's3:DeleteObjectVersion',
  's3:ListBucket',
  's3:ListBucketVersions',
  's3:GetBucketLocation',
  's3:GetBucketVersioning',
  's3:ListBucketMultipartUploads',
  's3:ListMultipartUploadParts',
  's3:AbortMultipartUpload',
  's3:GetObjectTagging',
  's3:PutObjectTagging',
  's3:GetObjectRetention',
  's3:GetObjectLegalHold',
] as const

/** Null without buckets: a project with no object storage has no identity. */
export function desiredIdentity(namespace: string, buckets: readonly DesiredBucket[]): DesiredIdentity | null {
  return buckets.length > 0 ? { user: namespace, policy: tenantPolicy(buckets.map((b) => b.name)) } : null
}

/** The IAM policy of a project's identity: its own buckets, object-level actions only. */
export function tenantPolicy(buckets: readonly string[]): S3Policy {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'ProjectBuckets',
        Effect: 'Allow',
        Action: [...TENANT_S3_ACTIONS],
        Resource: buckets.flatMap((b) => [`arn:aws:s3:::${b}`, `arn:aws:s3:::${b}/*`]),
      },
    ],
  }
}
