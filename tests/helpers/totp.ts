import { createHmac } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { z } from 'zod'

// One-time codes for the demo operators and security officers, whom the realm asks for a second
// factor (decision 0028). RFC 6238 (TOTP: HMAC-SHA1, 6 digits, 30-second steps, as the realm's
// OTP policy says) over RFC 4226's truncation; no package for twenty lines. The secrets live in
// one place, the realm file (their base32 form for an authenticator app is in infra/keycloak/README.md).

const REALM_FILE = resolve(import.meta.dirname, '../../infra/keycloak/govcloud-realm.json')

const Realm = z.object({
  users: z.array(
    z.object({
      username: z.string(),
      credentials: z.array(z.object({ type: z.string(), secretData: z.string().optional() })).optional(),
    }),
  ),
})
const SecretData = z.object({ value: z.string().min(1) })

/** The TOTP secret the realm gives `username`, or null for someone who signs in with a password only. */
export function totpSecretOf(username: string): Buffer | null {
  const realm = Realm.parse(JSON.parse(readFileSync(REALM_FILE, 'utf8')))
  const otp = realm.users.find((u) => u.username === username)?.credentials?.find((c) => c.type === 'otp')
  if (!otp?.secretData) return null
  // Keycloak keys the HMAC with the secret's UTF-8 bytes (no secretEncoding in the credential).
  return Buffer.from(SecretData.parse(JSON.parse(otp.secretData)).value, 'utf8')
}

/** The 6-digit code for `secret` at `at` (RFC 6238 with RFC 4226's dynamic truncation). */
export function totp(secret: Buffer, at: number = Date.now(), stepSeconds = 30): string {
  const counter = Buffer.alloc(8)
  counter.writeBigUInt64BE(BigInt(Math.floor(at / 1000 / stepSeconds)))
  const mac = createHmac('sha1', secret).update(counter).digest()
  const offset = mac[mac.length - 1]! & 0x0f
  const binary = mac.readUInt32BE(offset) & 0x7fffffff
  return String(binary % 1_000_000).padStart(6, '0')
}

/** The current code of a demo user the realm asks a second factor of. */
export function totpFor(username: string): string {
  const secret = totpSecretOf(username)
  if (!secret) throw new Error(`the realm gives ${username} no one-time-code secret`)
  return totp(secret)
}
