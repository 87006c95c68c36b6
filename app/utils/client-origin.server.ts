// Where a request came from, for audit entries and per-client rate limits. remix-serve hands the
// app a Request without the socket's address, so the client is the last X-Forwarded-For hop: the
// one the proxy in front of the console (the cluster's ingress) appended, which the client cannot
// choose. Without a proxy the header is absent (or the client's own) and limits also have a
// global ceiling (decision 0007).

export function clientIp(request: Request): string | null {
  const forwarded = request.headers.get('X-Forwarded-For')
  const last = forwarded
    ?.split(',')
    .map((hop) => hop.trim())
    .filter(Boolean)
    .at(-1)
  if (last && /^[0-9a-fA-F.:]{2,45}$/.test(last)) return last
  const real = request.headers.get('X-Real-IP')?.trim()
  return real && /^[0-9a-fA-F.:]{2,45}$/.test(real) ? real : null
}

export function requestOrigin(request: Request): { ip: string | null; userAgent: string | null } {
  return { ip: clientIp(request), userAgent: request.headers.get('User-Agent')?.slice(0, 500) ?? null }
}
