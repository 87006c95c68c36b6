// The live pass, backup side (decision 0053): the project's backup identity and its keys, the
// Secret Velero reads them from, the BackupStorageLocation and the Schedule, each written only
// when it differs from what is there, so a second pass writes nothing. Without a backup quota (or
// a schedule) what was made is removed; where no Velero runs (no deps.velero) nothing is touched.
import { isDeepStrictEqual } from 'node:util'
import type { Velero, VeleroItem } from '../platform/kubernetes/velero'
import type { AccessKey, ObjectStorage } from '../platform/storage/object-storage'
import { backupUserName, CREDENTIALS_KEY, desiredBackup, type DesiredBackup, type VeleroObject } from './desired/backup'
import type { ProjectIntent, ProvisioningSettings } from './desired/model'
import { asPlatformError, type LiveFindings } from './pass-result'

export const BACKUP_POLICY_NAME = 'project-backup-bucket'
/** Which access key the location's Secret holds: the console writes Secrets but may not read them. */
export const ACCESS_KEY_ANNOTATION = 'govcloud.langson.gov.vn/access-key-id'

export async function applyBackups(
  velero: Velero,
  storage: ObjectStorage,
  intent: ProjectIntent,
  settings: ProvisioningSettings,
  found: LiveFindings,
): Promise<void> {
  try {
    const desired = desiredBackup(intent, settings)
    if (!desired) {
      await removeBackups(velero, storage, intent.namespace)
      return
    }
    await ensureIdentity(storage, desired)
    const have = await velero.get('backupstoragelocations', desired.name)
    const keys = await storage.listAccessKeys(desired.identity.user)
    let keyId = have?.metadata?.annotations?.[ACCESS_KEY_ANNOTATION] ?? null
    if (keyId === null || !keys.includes(keyId)) keyId = await newKey(velero, storage, desired, found)
    const { metadata } = desired.location
    const location = { ...desired.location, metadata: { ...metadata, annotations: { [ACCESS_KEY_ANNOTATION]: keyId } } }
    await applyIfDiffers(velero, have, location, found)
    // Revoked only once the location names the new key: Velero never holds a dead key for longer.
    for (const old of keys) if (old !== keyId) await storage.deleteAccessKey(desired.identity.user, old)
    await applyIfDiffers(velero, await velero.get('schedules', desired.name), desired.schedule, found)
  } catch (error) {
    found.errors.push(asPlatformError(error, 'kubernetes'))
  }
}

/** The schedule, the location, its Secret and the backup identity; true when anything was there. */
export async function removeBackups(velero: Velero, storage: ObjectStorage, namespace: string): Promise<boolean> {
  const gone = [
    await velero.delete('schedules', namespace),
    await velero.delete('backupstoragelocations', namespace),
    await velero.deleteSecret(namespace),
    await storage.deleteUser(backupUserName(namespace), [BACKUP_POLICY_NAME]),
  ]
  return gone.some(Boolean)
}

async function applyIfDiffers(
  velero: Velero,
  have: VeleroItem | null,
  want: VeleroObject & { metadata: { annotations?: Record<string, string> } },
  found: LiveFindings,
): Promise<void> {
  const same =
    have !== null &&
    isDeepStrictEqual(have.spec, want.spec) &&
    includes(have.metadata?.labels, want.metadata.labels) &&
    includes(have.metadata?.annotations, want.metadata.annotations ?? {})
  if (same) return
  await velero.apply(want.kind === 'Schedule' ? 'schedules' : 'backupstoragelocations', want.metadata.name, want)
  found.applied.push(`${want.kind}/${want.metadata.name}`)
}

function includes(have: Record<string, string> | undefined, want: Record<string, string>): boolean {
  return Object.entries(want).every(([k, v]) => have?.[k] === v)
}

async function ensureIdentity(storage: ObjectStorage, desired: DesiredBackup): Promise<void> {
  const { user, policy } = desired.identity
  await storage.ensureUser(user)
  const have = await storage.getUserPolicy(user, BACKUP_POLICY_NAME)
  if (!isDeepStrictEqual(have, policy)) await storage.putUserPolicy(user, BACKUP_POLICY_NAME, policy)
}

/** A new key of the backup identity, written into the location's Secret; its id. */
async function newKey(velero: Velero, storage: ObjectStorage, desired: DesiredBackup, found: LiveFindings) {
  const key = await storage.createAccessKey(desired.identity.user)
  await velero.applySecret(desired.name, desired.location.metadata.labels, { [CREDENTIALS_KEY]: credentialsFile(key) })
  found.applied.push(`Secret/${desired.name}`)
  return key.accessKeyId
}

/** The AWS shared-credentials file the AWS plugin reads (its `credentialsFile`). */
export function credentialsFile(key: AccessKey): string {
  return `[default]\naws_access_key_id=${key.accessKeyId}\naws_secret_access_key=${key.secretAccessKey}\n`
}
