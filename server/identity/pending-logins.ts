import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import type { Db } from '../db/client'
import type { PendingLogin } from './oidc'

// Logins in flight, each bound to the browser that started it (decision 0027). The `state` in the
// callback URL names the pending login, but a URL can be handed to someone else: an attacker who
// starts a login, signs in at Keycloak as themself and sends the callback link to a victim would
// otherwise sign the victim into the attacker's account (login CSRF). So /auth/login also gives
// the browser a random binding in an HttpOnly cookie, the row keeps its hash, and the callback is
// accepted only from a browser that sends the same binding.

export const PENDING_LOGIN_MS = 10 * 60_000

/** A new random binding for a browser's login cookie (32 bytes, base64url). */
export const newLoginBinding = (): string => randomBytes(32).toString('base64url')

const bindingHash = (binding: string) => createHash('sha256').update(binding, 'utf8').digest('hex')

export async function savePendingLogin(db: Db, pending: PendingLogin, binding: string): Promise<void> {
  await db.pendingLogin.create({ data: { ...pending, bindingHash: bindingHash(binding) } })
  // Sweep abandoned logins now and then, not on every request.
  if (Math.random() < 0.05)
    await db.pendingLogin.deleteMany({ where: { createdAt: { lt: new Date(Date.now() - PENDING_LOGIN_MS) } } })
}

/** Why a callback's pending login was not honoured (audited as the refusal's reason). */
export type LoginRefusal = 'unknown_state' | 'expired' | 'other_browser'

type TakenLogin = { ok: true; pending: PendingLogin } | { ok: false; reason: LoginRefusal }

/**
 * Takes the pending login `state` names, once: the row is deleted whatever the outcome, so a
 * refused callback cannot be tried again from another browser either.
 */
export async function takePendingLogin(
  db: Db,
  input: { state: string; binding: string | null; now: Date },
): Promise<TakenLogin> {
  const row = await db.$transaction(async (tx) => {
    const found = await tx.pendingLogin.findUnique({ where: { state: input.state } })
    if (found) await tx.pendingLogin.delete({ where: { state: input.state } })
    return found
  })
  if (!row) return { ok: false, reason: 'unknown_state' }
  if (row.createdAt.getTime() + PENDING_LOGIN_MS < input.now.getTime()) return { ok: false, reason: 'expired' }
  if (!input.binding || !sameHash(row.bindingHash, bindingHash(input.binding))) {
    return { ok: false, reason: 'other_browser' }
  }
  const { state, nonce, codeVerifier, returnTo } = row
  return { ok: true, pending: { state, nonce, codeVerifier, returnTo } }
}

function sameHash(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex')
  const right = Buffer.from(b, 'hex')
  return left.length === right.length && timingSafeEqual(left, right)
}
