import { describe, expect, it } from 'vitest'
import { newSecretOpener, recipientKeySchema, sealSecret } from './sealed-secret'

describe('a secret sealed for one request', () => {
  it('opens for the request that made the key pair, and only for it', async () => {
    const asker = await newSecretOpener()
    const bystander = await newSecretOpener()
    const sealed = await sealSecret(asker.recipient, 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY')
    expect(sealed).not.toContain('wJalrXUtnFEMI')
    expect(await asker.open(sealed)).toBe('wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY')
    await expect(bystander.open(sealed)).rejects.toThrow()
  })

  it('refuses a sealed secret that was altered', async () => {
    const asker = await newSecretOpener()
    const parts = (await sealSecret(asker.recipient, 'bí mật')).split('.')
    const cipher = parts[3]!
    parts[3] = (cipher[0] === 'A' ? 'B' : 'A') + cipher.slice(1)
    await expect(asker.open(parts.join('.'))).rejects.toThrow()
  })

  it('carries only a public X25519 key in the job, never the private half', async () => {
    const { recipient } = await newSecretOpener()
    expect(Object.keys(recipient).sort()).toEqual(['crv', 'kty', 'x'])
    expect(recipientKeySchema.safeParse({ ...recipient, d: recipient.x }).success).toBe(false)
    expect(recipientKeySchema.safeParse({ kty: 'EC', crv: 'P-256', x: recipient.x }).success).toBe(false)
  })
})
