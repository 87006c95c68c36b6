// The API server's answer (or the lack of one) in the terms the reconciler acts on.
import * as k8s from '@kubernetes/client-node'
import { PlatformError, describeTransportError, kindForStatus } from '../errors'

export function toPlatformError(error: unknown, operation: string): PlatformError {
  if (error instanceof PlatformError) return error
  if (error instanceof k8s.ApiException) {
    const status = Number(error.code)
    return new PlatformError({
      system: 'kubernetes',
      kind: kindForStatus(status),
      status,
      operation,
      message: statusMessage(error.body) ?? `HTTP ${status}`,
      cause: error,
    })
  }
  return new PlatformError({
    system: 'kubernetes',
    kind: 'unavailable',
    status: null,
    operation,
    message: describeTransportError(error),
    cause: error,
  })
}

/** The message of the Status object the API server answers a failure with. */
function statusMessage(body: unknown): string | undefined {
  let value: unknown = body
  if (typeof body === 'string') {
    try {
      value = JSON.parse(body)
    } catch {
      return body.slice(0, 500)
    }
  }
  const message = (value as { message?: unknown } | null)?.message
  return typeof message === 'string' ? message : undefined
}
