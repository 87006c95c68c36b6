import type { ObjectStorage } from '#server/platform/storage/object-storage'
import { storageFrom } from '#server/provisioning/config'

// The bridge from the app to the object storage's admin interface: S3 keys are issued and revoked
// from the console (the reconciler, in its own worker, makes the identity they belong to).
// Settings (S3_ENDPOINT, S3_REGION, S3_ADMIN_*, SEAWEEDFS_IAM_URL) are checked on first use.
export const getStorage: () => ObjectStorage = storageFrom(process.env)
