import type { LockedObjects } from '../platform/storage/locked-objects'

// Checkpoints as the bucket holds them: each key's first version (the one written when the
// checkpoint was made; object lock keeps it), with the signature from its metadata.

export type StoredCheckpointObject = { key: string; bytes: Buffer; signature: string; laterVersions: number }

/** The first version of the object at `key`, or null when there is none. */
export async function readStoredCheckpoint(
  bucket: Pick<LockedObjects, 'list' | 'read'>,
  key: string,
): Promise<StoredCheckpointObject | null> {
  const first = (await bucket.list(key)).find((version) => version.key === key)
  return first ? readVersion(bucket, first) : null
}

export async function readVersion(
  bucket: Pick<LockedObjects, 'read'>,
  version: { key: string; versionId: string; laterVersions: number },
): Promise<StoredCheckpointObject | null> {
  const got = await bucket.read(version.key, version.versionId)
  if (!got) return null
  return {
    key: version.key,
    bytes: got.body,
    signature: got.metadata.signature ?? '',
    laterVersions: version.laterVersions,
  }
}

/** The checkpoint number a key names (prefix, twelve digits, .json), or null. */
export function checkpointNumberOf(prefix: string, key: string): number | null {
  if (!key.startsWith(prefix)) return null
  const match = /^(\d{12})\.json$/.exec(key.slice(prefix.length))
  return match ? Number(match[1]) : null
}
