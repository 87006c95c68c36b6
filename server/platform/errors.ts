// How a platform call failed, in the terms the reconciler acts on: retry later (the server is
// down or busy), stop and say why (the object is invalid, we are not allowed), or not there.

export type PlatformSystem = 'kubernetes' | 'storage' | 'metrics'

/**
 * - unavailable: connection refused or reset, timeout, 5xx, 429: retry with backoff.
 * - conflict: 409 (someone changed it meanwhile, a namespace still terminating): retry.
 * - invalid: 400/422, the server refuses the object itself: terminal until the desired state changes.
 * - forbidden: 401/403, the console's own credentials lack a right: terminal until an operator fixes it.
 * - not_found: 404 where the caller expected the object.
 * - not_owned: the object is not the console's to change (a name the platform keeps, or one that
 *   exists without the console's ownership labels for this project): terminal until someone moves
 *   it out of the way or the project changes (decision 0034).
 */
export type PlatformErrorKind = 'unavailable' | 'conflict' | 'invalid' | 'forbidden' | 'not_found' | 'not_owned'

/**
 * What went wrong as a person is told it (decision 0080): the kind, or `quota_exceeded` where the
 * platform refused because a quota it enforces is full (Kubernetes answers that with a 403
 * "exceeded quota", S3 with QuotaExceeded or TooManyBuckets). The kind, not this, drives retries.
 */
export type PlatformProblem = PlatformErrorKind | 'quota_exceeded'

export const PLATFORM_SYSTEMS: readonly PlatformSystem[] = ['kubernetes', 'storage', 'metrics']
export const PLATFORM_PROBLEMS: readonly PlatformProblem[] = [
  'unavailable',
  'conflict',
  'invalid',
  'forbidden',
  'not_found',
  'not_owned',
  'quota_exceeded',
]

const QUOTA_REFUSAL = /exceeded quota|QuotaExceeded|TooManyBuckets/

export class PlatformError extends Error {
  readonly system: PlatformSystem
  readonly kind: PlatformErrorKind
  readonly status: number | null
  /** What was being done: `apply ResourceQuota ns/quota`, `PutBucketVersioning b`. */
  readonly operation: string

  constructor(input: {
    system: PlatformSystem
    kind: PlatformErrorKind
    status: number | null
    operation: string
    message: string
    cause?: unknown
  }) {
    super(`${input.system}: ${input.operation}: ${input.message}`, { cause: input.cause })
    this.name = 'PlatformError'
    this.system = input.system
    this.kind = input.kind
    this.status = input.status
    this.operation = input.operation
  }

  get problem(): PlatformProblem {
    if ((this.kind === 'forbidden' || this.kind === 'invalid') && QUOTA_REFUSAL.test(this.message))
      return 'quota_exceeded'
    return this.kind
  }

  /** Worth trying again later without any change on our side. */
  get retryable(): boolean {
    return this.kind === 'unavailable' || this.kind === 'conflict'
  }
}

export function kindForStatus(status: number): PlatformErrorKind {
  if (status === 404) return 'not_found'
  if (status === 409) return 'conflict'
  if (status === 400 || status === 422) return 'invalid'
  if (status === 401 || status === 403) return 'forbidden'
  return 'unavailable' // 5xx, 429 and anything unexpected: try again later
}

/** Network-level failures (no HTTP answer at all). */
export function describeTransportError(error: unknown): string {
  const seen = new Set<unknown>()
  let current: unknown = error
  const parts: string[] = []
  while (current instanceof Error && !seen.has(current)) {
    seen.add(current)
    const code = (current as { code?: unknown }).code
    parts.push(
      typeof code === 'string' && !current.message.includes(code) ? `${current.message} (${code})` : current.message,
    )
    current = current.cause
  }
  return parts.join(': ') || String(error)
}
