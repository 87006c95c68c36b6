import { connectObjectStorage, type ObjectStorage } from '#server/platform/storage/object-storage'
import { parseStorageEnv } from '#server/provisioning/config'

// The bridge from the app to the object storage's admin interface: S3 keys are issued and revoked
// from the console (the reconciler, in its own worker, makes the identity they belong to).
// Settings (S3_ENDPOINT, S3_REGION, S3_ADMIN_*, SEAWEEDFS_IAM_URL) are checked on first use.

let storage: ObjectStorage | undefined

export function getStorage(): ObjectStorage {
  if (!storage) {
    const env = parseStorageEnv(process.env)
    storage = connectObjectStorage({
      endpoint: env.S3_ENDPOINT,
      region: env.S3_REGION,
      iamEndpoint: env.SEAWEEDFS_IAM_URL,
      credentials: { accessKeyId: env.S3_ADMIN_ACCESS_KEY_ID, secretAccessKey: env.S3_ADMIN_SECRET_ACCESS_KEY },
    })
  }
  return storage
}
