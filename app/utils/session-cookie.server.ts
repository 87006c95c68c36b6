import { createCookie, type Cookie } from '@remix-run/node'
import { PENDING_LOGIN_MS } from '#server/identity/pending-logins'
import { SESSION_MAX_AGE_MS } from '#server/identity/sessions'
import { getEnv } from './env.server'

// The browser's only credential (decision 0006): a random token naming a server-side session row.
// `__Host-` binds it to this exact origin (Secure, path /, no Domain) outside development, where
// plain-HTTP development servers cannot set a Secure cookie. HttpOnly keeps it from scripts;
// SameSite=Lax keeps it off cross-site POSTs (the Origin check of decision 0007 is the second lock).

let cookie: Cookie | undefined

function sessionCookie(): Cookie {
  if (cookie) return cookie
  const development = getEnv().NODE_ENV === 'development'
  cookie = createCookie(development ? 'govcloud_session' : '__Host-govcloud', {
    httpOnly: true,
    sameSite: 'lax',
    secure: !development,
    path: '/',
    // Never outlives the session row; the row's idle and absolute limits decide before this does.
    maxAge: Math.floor(SESSION_MAX_AGE_MS / 1000),
  })
  return cookie
}

/** The session token the browser sent, or null. */
export async function readSessionToken(request: Request): Promise<string | null> {
  const value: unknown = await sessionCookie().parse(request.headers.get('Cookie'))
  return typeof value === 'string' && /^[A-Za-z0-9_-]{20,100}$/.test(value) ? value : null
}

/** A Set-Cookie header value that hands the browser a new session token. */
export function sessionCookieHeader(token: string): Promise<string> {
  return sessionCookie().serialize(token)
}

/** A Set-Cookie header value that removes the session cookie. */
export function clearedSessionCookieHeader(): Promise<string> {
  return sessionCookie().serialize('', { maxAge: 0, expires: new Date(0) })
}

// The login binding (decision 0027): a random value the browser that starts a login keeps for ten
// minutes, HttpOnly and SameSite=Lax (it must ride along on Keycloak's top-level redirect back to
// /auth/callback), so that only that browser can finish the login.

let loginCookie: Cookie | undefined

function loginBindingCookie(): Cookie {
  if (loginCookie) return loginCookie
  const development = getEnv().NODE_ENV === 'development'
  loginCookie = createCookie(development ? 'govcloud_login' : '__Host-govcloud-login', {
    httpOnly: true,
    sameSite: 'lax',
    secure: !development,
    path: '/',
    maxAge: Math.floor(PENDING_LOGIN_MS / 1000),
  })
  return loginCookie
}

/** The login binding the browser sent, or null. */
export async function readLoginBinding(request: Request): Promise<string | null> {
  const value: unknown = await loginBindingCookie().parse(request.headers.get('Cookie'))
  return typeof value === 'string' && /^[A-Za-z0-9_-]{43}$/.test(value) ? value : null
}

/** A Set-Cookie header value that gives the browser its login binding (again, for ten more minutes). */
export function loginBindingCookieHeader(binding: string): Promise<string> {
  return loginBindingCookie().serialize(binding)
}
