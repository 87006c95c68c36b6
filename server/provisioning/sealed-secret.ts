// A secret sealed for one reader: the web request that asks for an S3 key makes a key pair that
// lives only in its own memory and sends the public half with the job; the worker encrypts the
// new key's secret to it (JWE, ECDH-ES on X25519 with A256GCM, by jose). What waits on the job's
// row is ciphertext that only that request could open, and the request forgets its private key
// when it ends. Decision 0032 says why.
import { CompactEncrypt, compactDecrypt, exportJWK, generateKeyPair, importJWK, type JWK } from 'jose'
import { z } from 'zod'

const ALGORITHM = 'ECDH-ES'
const ENCRYPTION = 'A256GCM'

/** The public half as the job carries it. */
export const recipientKeySchema = z.strictObject({
  kty: z.literal('OKP'),
  crv: z.literal('X25519'),
  x: z.string().regex(/^[A-Za-z0-9_-]{43}$/),
})
export type RecipientKey = z.infer<typeof recipientKeySchema>

export interface SecretOpener {
  readonly recipient: RecipientKey
  /** The secret sealed to `recipient`; throws when it was sealed to anyone else or altered. */
  open(sealed: string): Promise<string>
}

/** A fresh key pair for one request; the private key cannot be exported from it. */
export async function newSecretOpener(): Promise<SecretOpener> {
  const { publicKey, privateKey } = await generateKeyPair(ALGORITHM, { crv: 'X25519' })
  const recipient = recipientKeySchema.parse(await exportJWK(publicKey))
  return {
    recipient,
    async open(sealed) {
      const { plaintext, protectedHeader } = await compactDecrypt(sealed, privateKey, {
        keyManagementAlgorithms: [ALGORITHM],
        contentEncryptionAlgorithms: [ENCRYPTION],
      })
      if (protectedHeader.alg !== ALGORITHM) throw new Error('unexpected sealing algorithm')
      return new TextDecoder().decode(plaintext)
    },
  }
}

/** Seals `secret` so that only the holder of `recipient`'s private key can read it. */
export async function sealSecret(recipient: RecipientKey, secret: string): Promise<string> {
  const key = await importJWK(recipient satisfies JWK, ALGORITHM)
  return new CompactEncrypt(new TextEncoder().encode(secret))
    .setProtectedHeader({ alg: ALGORITHM, enc: ENCRYPTION })
    .encrypt(key)
}
