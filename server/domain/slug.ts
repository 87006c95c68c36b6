// ASCII names for the platform. Kubernetes namespaces, labels and bucket names accept only
// `[a-z0-9-]`, so `Cổng dịch vụ công Đồng Đăng` becomes `cong-dich-vu-cong-dong-dang`.
import { err, ok, type Result } from './errors'

/** A Kubernetes DNS-1123 label (namespace names) is at most 63 characters. */
export const DNS_LABEL_MAX = 63

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/

/**
 * đ and Đ are letters of their own, not d with a mark, so NFD does not decompose them and a
 * plain "strip the accents" would lose them. Ð (U+00D0, the Icelandic eth) and ð stand in for
 * Đ/đ in text converted from old Vietnamese encodings (TCVN3, VNI), so they map to d as well.
 *
 * Result: lowercase ASCII, marks removed, đ → d, anything else non-alphanumeric becomes `-`;
 * it may be empty (a name of only symbols), which validateSlug refuses.
 */
export function slugify(text: string, maxLength = DNS_LABEL_MAX): string {
  const ascii = text
    .normalize('NFD')
    .toLowerCase() // before stripping marks: some capitals lower-case into a letter and a mark
    .replace(/\p{M}/gu, '') // tone marks and the breve, circumflex and horn of ă â ê ô ơ ư
    .replace(/[đð]/gu, 'd') // after toLowerCase, Đ is đ and Ð is ð
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
  return ascii.slice(0, maxLength).replace(/-+$/, '')
}

/** Checks a slug someone typed or stored: a DNS-1123 label of at most maxLength characters. */
export function validateSlug(slug: string, maxLength = DNS_LABEL_MAX): Result<string> {
  if (slug === '') return err('slug.empty', {})
  if (slug.length > maxLength) return err('slug.too_long', { max: maxLength, length: slug.length })
  if (!DNS_LABEL.test(slug)) return err('slug.invalid', { slug })
  return ok(slug)
}

/**
 * A short, stable fingerprint (FNV-1a, 32 bits, 8 hex digits). Not for security: it only keeps
 * two long names that share a prefix from truncating to the same namespace.
 */
export function shortHash(text: string): string {
  let hash = 0x811c9dc5
  for (const byte of new TextEncoder().encode(text)) {
    hash ^= byte
    hash = Math.imul(hash, 0x01000193) >>> 0
  }
  return hash.toString(16).padStart(8, '0')
}

/**
 * The namespace of a project: `<agencyCode>-<projectSlug>`, or, when that passes 63 characters,
 * its first 54 characters and an 8-digit hash of the whole name. Compute it once, when the project
 * is created, and store it: it must not change when the agency is renamed or merged.
 */
export function namespaceName(agencyCode: string, projectSlug: string): string {
  const full = `${agencyCode}-${projectSlug}`
  if (full.length <= DNS_LABEL_MAX) return full
  const hash = shortHash(full)
  const prefix = full.slice(0, DNS_LABEL_MAX - hash.length - 1).replace(/-+$/, '')
  return `${prefix}-${hash}`
}

/** `base`, or `base-2`, `base-3`… : the first that is not taken and still fits the limit. */
export function uniqueSlug(base: string, taken: ReadonlySet<string>, maxLength = DNS_LABEL_MAX): string {
  if (!taken.has(base)) return base
  for (let n = 2; ; n += 1) {
    const suffix = `-${n}`
    const candidate = `${base.slice(0, maxLength - suffix.length).replace(/-+$/, '')}${suffix}`
    if (!taken.has(candidate)) return candidate
  }
}
