import { clientAddress, forwardedProtocol } from '#server/config/trusted-proxies'
import { getEnv } from './env.server'

// Where a request came from, for audit entries and per-client rate limits: the socket's peer, or
// what a trusted proxy (TRUSTED_PROXIES) forwarded; never a forwarded header from anyone else
// (decision 0031, server/config/trusted-proxies.ts).

export function clientIp(request: Request): string | null {
  return clientAddress(request.headers, getEnv().TRUSTED_PROXIES)
}

/** The scheme the browser used: a trusted proxy's X-Forwarded-Proto, else the server's own. */
export function requestProtocol(request: Request): 'http' | 'https' {
  return (
    forwardedProtocol(request.headers, getEnv().TRUSTED_PROXIES) ??
    (request.url.startsWith('https:') ? 'https' : 'http')
  )
}

export function requestOrigin(request: Request): { ip: string | null; userAgent: string | null } {
  return { ip: clientIp(request), userAgent: request.headers.get('User-Agent')?.slice(0, 500) ?? null }
}
