const BASE = 'http://console.invalid'

/**
 * A same-site path to send the browser back to, or the fallback. The target is normalised first
 * (as the URL parser and the browser will: dot segments, `%2e`, dropped tabs) and the result is
 * what is checked, so `/.//evil.example` or `/%2e//evil.example`, which normalise to
 * `//evil.example` (another site to a browser), are refused (decision 0027). The path, decoded
 * (repeatedly, for whatever decodes it again on the way), must not start with `//`, hold a
 * backslash (browsers read `\` as `/`) or a control character. Never a scheme.
 */
export function safeRedirectPath(target: unknown, fallback = '/'): string {
  if (typeof target !== 'string' || target.length === 0 || target.length > 2000) return fallback
  if (!target.startsWith('/') || /[\u0000-\u001f\u007f\\]/.test(target)) return fallback
  let url: URL
  try {
    url = new URL(target, BASE)
  } catch {
    return fallback
  }
  if (url.origin !== BASE || !isPlainPath(url.pathname)) return fallback
  return `${url.pathname}${url.search}${url.hash}`
}

function isPlainPath(pathname: string): boolean {
  const decoded = fullyDecoded(pathname)
  if (decoded === null) return false
  return decoded.startsWith('/') && !decoded.startsWith('//') && !/[\u0000-\u001f\u007f\\]/.test(decoded)
}

/** The path percent-decoded until it no longer changes (at most a few rounds); null if malformed. */
function fullyDecoded(pathname: string): string | null {
  let current = pathname
  for (let round = 0; round < 4; round++) {
    let next: string
    try {
      next = decodeURIComponent(current)
    } catch {
      return null
    }
    if (next === current) return current
    current = next
  }
  return null
}
