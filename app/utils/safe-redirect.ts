/**
 * A same-site path to send the browser back to, or the fallback: only `/…` paths, never
 * `//host` or `/\host` (both mean another site to a browser), never a scheme, never control
 * characters.
 */
export function safeRedirectPath(target: unknown, fallback = '/'): string {
  if (typeof target !== 'string' || target.length === 0 || target.length > 2000) return fallback
  if (!target.startsWith('/') || target.startsWith('//') || target.startsWith('/\\')) return fallback
  if (/[\u0000-\u001f\u007f\\]/.test(target)) return fallback
  const base = 'http://console.invalid'
  let url: URL
  try {
    url = new URL(target, base)
  } catch {
    return fallback
  }
  if (url.origin !== base) return fallback
  return `${url.pathname}${url.search}${url.hash}`
}
