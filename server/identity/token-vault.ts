import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto'

// Keycloak's tokens rest encrypted in the session table (AES-256-GCM, key derived from the
// console's session secret), so a database dump alone does not hand out working tokens.

export type TokenVault = { seal(plain: string): string; open(sealed: string): string }

export function createTokenVault(secret: string): TokenVault {
  if (secret.length < 32) throw new Error('SESSION_SECRET must be at least 32 characters')
  const key = Buffer.from(hkdfSync('sha256', secret, 'govcloud-session', 'token-vault/v1', 32))
  return {
    seal(plain) {
      const iv = randomBytes(12)
      const cipher = createCipheriv('aes-256-gcm', key, iv)
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()])
      return [
        'v1',
        iv.toString('base64url'),
        cipher.getAuthTag().toString('base64url'),
        body.toString('base64url'),
      ].join('.')
    },
    open(sealed) {
      const [version, iv, tag, body] = sealed.split('.')
      if (version !== 'v1' || !iv || !tag || body === undefined) throw new Error('not a sealed token')
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'))
      decipher.setAuthTag(Buffer.from(tag, 'base64url'))
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8')
    },
  }
}
