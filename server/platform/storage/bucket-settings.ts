// A bucket's S3 configuration, read and written through @aws-sdk/client-s3: versioning, default
// encryption, public access (block, policy, ACL), lifecycle rules and object lock retention.
import {
  DeleteBucketPolicyCommand,
  GetBucketAclCommand,
  GetBucketEncryptionCommand,
  GetBucketLifecycleConfigurationCommand,
  GetBucketPolicyCommand,
  GetBucketPolicyStatusCommand,
  GetBucketVersioningCommand,
  GetObjectLockConfigurationCommand,
  GetPublicAccessBlockCommand,
  PutBucketAclCommand,
  PutBucketEncryptionCommand,
  PutBucketLifecycleConfigurationCommand,
  PutBucketVersioningCommand,
  PutObjectLockConfigurationCommand,
  PutPublicAccessBlockCommand,
  type S3Client,
} from '@aws-sdk/client-s3'
import {
  BLOCK_ALL_PUBLIC_ACCESS,
  bucketSettingsFrom,
  lifecycleRuleTo,
  type BucketSettings,
  type LifecycleRule,
} from './bucket-state'
import type { StorageCalls } from './storage-calls'

export class S3BucketSettings {
  constructor(
    private readonly s3: S3Client,
    private readonly calls: StorageCalls,
  ) {}

  /** Every configuration read at once; the bucket must exist. */
  async read(name: string): Promise<BucketSettings> {
    const { s3, calls } = this
    const Bucket = name
    const [versioning, encryption, publicAccessBlock, policy, acl, lifecycle, objectLock] = await Promise.all([
      calls.call(`GetBucketVersioning ${name}`, false, () => s3.send(new GetBucketVersioningCommand({ Bucket }))),
      calls.readOrNull(`GetBucketEncryption ${name}`, ['ServerSideEncryptionConfigurationNotFoundError'], () =>
        s3.send(new GetBucketEncryptionCommand({ Bucket })),
      ),
      calls.readOrNull(`GetPublicAccessBlock ${name}`, ['NoSuchPublicAccessBlockConfiguration'], () =>
        s3.send(new GetPublicAccessBlockCommand({ Bucket })),
      ),
      calls.readOrNull(`GetBucketPolicy ${name}`, ['NoSuchBucketPolicy'], () =>
        s3.send(new GetBucketPolicyCommand({ Bucket })),
      ),
      calls.call(`GetBucketAcl ${name}`, false, () => s3.send(new GetBucketAclCommand({ Bucket }))),
      calls.readOrNull(`GetBucketLifecycleConfiguration ${name}`, ['NoSuchLifecycleConfiguration'], () =>
        s3.send(new GetBucketLifecycleConfigurationCommand({ Bucket })),
      ),
      calls.readOrNull(`GetObjectLockConfiguration ${name}`, ['ObjectLockConfigurationNotFoundError'], () =>
        s3.send(new GetObjectLockConfigurationCommand({ Bucket })),
      ),
    ])
    return bucketSettingsFrom({ versioning, encryption, publicAccessBlock, policy, acl, lifecycle, objectLock })
  }

  /** The storage's own verdict on the bucket's policy: public or not; null without a policy. */
  async policyIsPublic(name: string): Promise<boolean | null> {
    const status = await this.calls.readOrNull(`GetBucketPolicyStatus ${name}`, ['NoSuchBucketPolicy'], () =>
      this.s3.send(new GetBucketPolicyStatusCommand({ Bucket: name })),
    )
    return status ? status.PolicyStatus?.IsPublic === true : null
  }

  async setVersioning(name: string, status: 'Enabled' | 'Suspended'): Promise<void> {
    await this.write('PutBucketVersioning', name, () =>
      this.s3.send(new PutBucketVersioningCommand({ Bucket: name, VersioningConfiguration: { Status: status } })),
    )
  }

  async setDefaultEncryption(name: string, algorithm: 'AES256'): Promise<void> {
    const ServerSideEncryptionConfiguration = {
      Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: algorithm } }],
    }
    await this.write('PutBucketEncryption', name, () =>
      this.s3.send(new PutBucketEncryptionCommand({ Bucket: name, ServerSideEncryptionConfiguration })),
    )
  }

  async blockPublicAccess(name: string): Promise<void> {
    await this.write('PutPublicAccessBlock', name, () =>
      this.s3.send(
        new PutPublicAccessBlockCommand({
          Bucket: name,
          PublicAccessBlockConfiguration: { ...BLOCK_ALL_PUBLIC_ACCESS },
        }),
      ),
    )
  }

  async deleteBucketPolicy(name: string): Promise<void> {
    await this.write('DeleteBucketPolicy', name, () => this.s3.send(new DeleteBucketPolicyCommand({ Bucket: name })))
  }

  async makeAclPrivate(name: string): Promise<void> {
    await this.write('PutBucketAcl', name, () =>
      this.s3.send(new PutBucketAclCommand({ Bucket: name, ACL: 'private' })),
    )
  }

  async setLifecycle(name: string, rules: readonly LifecycleRule[]): Promise<void> {
    const LifecycleConfiguration = { Rules: rules.map(lifecycleRuleTo) }
    await this.write('PutBucketLifecycleConfiguration', name, () =>
      this.s3.send(new PutBucketLifecycleConfigurationCommand({ Bucket: name, LifecycleConfiguration })),
    )
  }

  async setObjectLockRetention(name: string, mode: 'COMPLIANCE' | 'GOVERNANCE', days: number): Promise<void> {
    const ObjectLockConfiguration = {
      ObjectLockEnabled: 'Enabled' as const,
      Rule: { DefaultRetention: { Mode: mode, Days: days } },
    }
    await this.write('PutObjectLockConfiguration', name, () =>
      this.s3.send(new PutObjectLockConfigurationCommand({ Bucket: name, ObjectLockConfiguration })),
    )
  }

  private write(operation: string, name: string, run: () => Promise<unknown>): Promise<unknown> {
    return this.calls.call(`${operation} ${name}`, true, run)
  }
}
