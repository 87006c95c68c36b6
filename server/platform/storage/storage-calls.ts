// Every call to the object storage goes through here: counted (the reliability tests count writes)
// and, when it fails, turned into a PlatformError in the terms the reconciler acts on.
import { S3ServiceException } from '@aws-sdk/client-s3'
import { IAMServiceException } from '@aws-sdk/client-iam'
import { PlatformError, describeTransportError, kindForStatus } from '../errors'

/** A non-2xx answer to a call made without an SDK client (SeaweedFS's quota extension). */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    body: string,
  ) {
    super(`HTTP ${status}: ${body.slice(0, 300)}`)
  }
}

// S3's and IAM's names for "no such thing" (IAM's code is NoSuchEntity, its SDK class NoSuchEntityException).
const NOT_FOUND_NAMES = new Set(['NoSuchBucket', 'NotFound', 'NoSuchEntity', 'NoSuchEntityException', 'NoSuchKey'])

export function toStorageError(error: unknown, operation: string): PlatformError {
  if (error instanceof PlatformError) return error
  if (error instanceof S3ServiceException || error instanceof IAMServiceException) {
    const status = error.$metadata.httpStatusCode ?? 0
    const kind = NOT_FOUND_NAMES.has(error.name) ? 'not_found' : status ? kindForStatus(status) : 'unavailable'
    return new PlatformError({
      system: 'storage',
      kind,
      status: status || null,
      operation,
      message: `${error.name}: ${error.message}`,
      cause: error,
    })
  }
  if (error instanceof HttpError) {
    return new PlatformError({
      system: 'storage',
      kind: kindForStatus(error.status),
      status: error.status,
      operation,
      message: error.message,
      cause: error,
    })
  }
  return new PlatformError({
    system: 'storage',
    kind: 'unavailable',
    status: null,
    operation,
    message: describeTransportError(error),
    cause: error,
  })
}

/** The call failed with an S3 error of one of these names. */
export function isS3Error(error: unknown, names: readonly string[]): boolean {
  return error instanceof PlatformError && error.cause instanceof S3ServiceException && names.includes(error.cause.name)
}

export function isNotFound(error: unknown): boolean {
  return error instanceof PlatformError && error.kind === 'not_found'
}

export class StorageCalls {
  readonly counters = { reads: 0, writes: 0 }

  async call<T>(operation: string, write: boolean, run: () => Promise<T>): Promise<T> {
    if (write) this.counters.writes++
    else this.counters.reads++
    try {
      return await run()
    } catch (error) {
      throw toStorageError(error, operation)
    }
  }

  /** A read that answers null for the given "there is none" error names (404s of config reads). */
  async readOrNull<T>(operation: string, absent: readonly string[], run: () => Promise<T>): Promise<T | null> {
    try {
      return await this.call(operation, false, run)
    } catch (error) {
      if (isS3Error(error, absent)) return null
      throw error
    }
  }
}
