// The storage's identities (IAM users), their access keys and inline policies, through
// @aws-sdk/client-iam pointed at the IAM API SeaweedFS serves (on its S3 port locally).
import {
  CreateAccessKeyCommand,
  CreateUserCommand,
  DeleteAccessKeyCommand,
  DeleteUserCommand,
  DeleteUserPolicyCommand,
  GetUserCommand,
  GetUserPolicyCommand,
  IAMClient,
  ListAccessKeysCommand,
  PutUserPolicyCommand,
} from '@aws-sdk/client-iam'
import { PlatformError } from '../errors'
import { isNotFound, type StorageCalls } from './storage-calls'

export interface AccessKey {
  readonly accessKeyId: string
  readonly secretAccessKey: string
}

export class StorageIdentities {
  constructor(
    private readonly iam: IAMClient,
    private readonly calls: StorageCalls,
  ) {}

  /** true when it was created, false when it existed. */
  async ensureUser(user: string): Promise<boolean> {
    try {
      await this.read('GetUser', user, () => this.iam.send(new GetUserCommand({ UserName: user })))
      return false
    } catch (error) {
      if (!isNotFound(error)) throw error
    }
    await this.write('CreateUser', user, () => this.iam.send(new CreateUserCommand({ UserName: user })))
    return true
  }

  async putUserPolicy(user: string, policyName: string, document: object): Promise<void> {
    const input = { UserName: user, PolicyName: policyName, PolicyDocument: JSON.stringify(document) }
    await this.write('PutUserPolicy', user, () => this.iam.send(new PutUserPolicyCommand(input)))
  }

  async getUserPolicy(user: string, policyName: string): Promise<object | null> {
    let raw: string | undefined
    try {
      const out = await this.read('GetUserPolicy', user, () =>
        this.iam.send(new GetUserPolicyCommand({ UserName: user, PolicyName: policyName })),
      )
      raw = out.PolicyDocument
    } catch (error) {
      if (isNotFound(error)) return null
      throw error
    }
    if (!raw) return null
    // SeaweedFS answers with the JSON itself; AWS IAM URL-encodes it.
    try {
      return JSON.parse(raw) as object
    } catch {
      return JSON.parse(decodeURIComponent(raw)) as object
    }
  }

  async createAccessKey(user: string): Promise<AccessKey> {
    const out = await this.write('CreateAccessKey', user, () =>
      this.iam.send(new CreateAccessKeyCommand({ UserName: user })),
    )
    const { AccessKeyId: accessKeyId, SecretAccessKey: secretAccessKey } = out.AccessKey ?? {}
    if (!accessKeyId || !secretAccessKey)
      throw new PlatformError({
        system: 'storage',
        kind: 'unavailable',
        status: 200,
        operation: `IAM CreateAccessKey ${user}`,
        message: 'no key in the answer',
      })
    return { accessKeyId, secretAccessKey }
  }

  async listAccessKeys(user: string): Promise<string[]> {
    const out = await this.read('ListAccessKeys', user, () =>
      this.iam.send(new ListAccessKeysCommand({ UserName: user })),
    )
    return (out.AccessKeyMetadata ?? []).flatMap((key) => (key.AccessKeyId === undefined ? [] : [key.AccessKeyId]))
  }

  /**
   * SeaweedFS answers a DeleteAccessKey naming a user or key it does not know with success: the
   * caller checks the key is gone (server/provisioning/credentials.ts) before it believes it.
   */
  async deleteAccessKey(user: string, accessKeyId: string): Promise<void> {
    await this.write('DeleteAccessKey', user, () =>
      this.iam.send(new DeleteAccessKeyCommand({ UserName: user, AccessKeyId: accessKeyId })),
    )
  }

  /** Removes the user with its keys and policies; false when there was none. */
  async deleteUser(user: string, policyNames: readonly string[]): Promise<boolean> {
    let keys: string[]
    try {
      keys = await this.listAccessKeys(user)
    } catch (error) {
      if (isNotFound(error)) return false
      throw error
    }
    for (const key of keys) await this.deleteAccessKey(user, key)
    for (const policyName of policyNames) {
      await this.write('DeleteUserPolicy', user, () =>
        this.iam.send(new DeleteUserPolicyCommand({ UserName: user, PolicyName: policyName })),
      ).catch((error: unknown) => {
        if (!isNotFound(error)) throw error
      })
    }
    try {
      await this.write('DeleteUser', user, () => this.iam.send(new DeleteUserCommand({ UserName: user })))
      return true
    } catch (error) {
      if (isNotFound(error)) return false
      throw error
    }
  }

  private read<T>(action: string, user: string, run: () => Promise<T>): Promise<T> {
    return this.calls.call(`IAM ${action} ${user}`, false, run)
  }

  private write<T>(action: string, user: string, run: () => Promise<T>): Promise<T> {
    return this.calls.call(`IAM ${action} ${user}`, true, run)
  }
}
