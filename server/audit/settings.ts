import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { z } from 'zod'
import { connectLockedObjects, type LockedObjects } from '../platform/storage/locked-objects'

// The settings of the audit trail's checkpoints (decision 0036), read by the provisioning worker
// (which signs and stores them: it alone holds the storage's keys, decision 0032), the console and
// `npm run audit:verify` (which verify). The signing key lives in a file only that worker is given;
// nothing here ever prints a key or a secret, only the setting's name.

const optional = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === '' ? undefined : v), schema.optional())
const int = (min: number, max: number, fallback: number) =>
  optional(z.coerce.number().int().min(min).max(max)).transform((v) => v ?? fallback)

export const auditSettingsSchema = z.object({
  /** The object-locked bucket of the signed checkpoints. */
  AUDIT_CHECKPOINT_BUCKET: optional(z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/)).transform(
    (v) => v ?? 'govcloud-audit-checkpoints',
  ),
  /** Where in the bucket: one trail per prefix (tests use one each). */
  AUDIT_CHECKPOINT_PREFIX: optional(z.string().regex(/^([a-z0-9][a-z0-9._-]*\/)+$/)).transform(
    (v) => v ?? 'checkpoints/',
  ),
  /** Seconds between checkpoints; a checkpoint older than twice this (and a minute) is stale. */
  AUDIT_CHECKPOINT_SECONDS: int(10, 86_400, 600),
  /** Days each checkpoint is locked (COMPLIANCE: nobody, not even the storage's admin, may shorten it). */
  AUDIT_CHECKPOINT_RETENTION_DAYS: int(1, 36_500, 365),
  /** Seconds between full verifications of the trail by the worker. */
  AUDIT_VERIFY_SECONDS: int(60, 7 * 86_400, 86_400),
  /** The Ed25519 private key (PKCS #8 PEM) the worker signs with; unset: no checkpoints are written. */
  AUDIT_SIGNING_KEY_FILE: optional(z.string().min(1)),
  /** The public key (SPKI PEM) checkpoints are verified with; unset: derived from the signing key when there is one. */
  AUDIT_VERIFY_KEY_FILE: optional(z.string().min(1)),
  S3_ENDPOINT: optional(z.url()),
  S3_REGION: optional(z.string()).transform((v) => v ?? 'us-east-1'),
  S3_ADMIN_ACCESS_KEY_ID: optional(z.string().min(1)),
  S3_ADMIN_SECRET_ACCESS_KEY: optional(z.string().min(1)),
})
export type AuditSettings = z.infer<typeof auditSettingsSchema>

export class AuditSettingsError extends Error {
  constructor(
    readonly setting: string,
    message: string,
  ) {
    super(`${setting} ${message}`)
    this.name = 'AuditSettingsError'
  }
}

export function parseAuditSettings(source: Record<string, string | undefined> = process.env): AuditSettings {
  const result = auditSettingsSchema.safeParse(source)
  if (result.success) return result.data
  const issue = result.error.issues[0]!
  throw new AuditSettingsError(issue.path.map(String).join('.'), issue.message)
}

/** How old the last checkpoint may be before it is reported stale: two intervals and a minute. */
export const staleAfterMs = (settings: AuditSettings): number => (2 * settings.AUDIT_CHECKPOINT_SECONDS + 60) * 1000

function readKey(setting: string, path: string, make: (pem: string) => KeyObject): KeyObject {
  let key: KeyObject
  try {
    key = make(readFileSync(path, 'utf8'))
  } catch {
    throw new AuditSettingsError(setting, 'must name a readable PEM file of an Ed25519 key')
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new AuditSettingsError(setting, 'must hold an Ed25519 key')
  return key
}

export function signingKeyOf(settings: AuditSettings): KeyObject | null {
  const path = settings.AUDIT_SIGNING_KEY_FILE
  return path ? readKey('AUDIT_SIGNING_KEY_FILE', path, (pem) => createPrivateKey(pem)) : null
}

export function verifyKeyOf(settings: AuditSettings): KeyObject | null {
  const path = settings.AUDIT_VERIFY_KEY_FILE
  if (path) return readKey('AUDIT_VERIFY_KEY_FILE', path, (pem) => createPublicKey(pem))
  const signing = signingKeyOf(settings)
  return signing ? createPublicKey(signing) : null
}

/** The checkpoints' bucket with the storage's settings; null when S3_* are not set. */
export function checkpointBucketOf(settings: AuditSettings): LockedObjects | null {
  const { S3_ENDPOINT, S3_ADMIN_ACCESS_KEY_ID, S3_ADMIN_SECRET_ACCESS_KEY } = settings
  if (!S3_ENDPOINT || !S3_ADMIN_ACCESS_KEY_ID || !S3_ADMIN_SECRET_ACCESS_KEY) return null
  return connectLockedObjects({
    endpoint: S3_ENDPOINT,
    region: settings.S3_REGION,
    credentials: { accessKeyId: S3_ADMIN_ACCESS_KEY_ID, secretAccessKey: S3_ADMIN_SECRET_ACCESS_KEY },
    bucket: settings.AUDIT_CHECKPOINT_BUCKET,
  })
}

/**
 * What reads the trail's checkpoints without signing and without the storage (the web console and
 * the API, which hold no storage keys, decision 0032): the settings and the public key. They read
 * the copies the worker indexed in AuditCheckpoint, whose signatures they check.
 */
export type AuditReader = {
  settings: AuditSettings
  /** null when AUDIT_VERIFY_KEY_FILE (or a signing key to derive it from) is not set. */
  publicKey: KeyObject | null
}

export function auditReaderFromEnv(source: Record<string, string | undefined>): AuditReader {
  const settings = parseAuditSettings(source)
  return { settings, publicKey: verifyKeyOf(settings) }
}
