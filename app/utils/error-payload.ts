import type { Locale } from './i18n'

/**
 * What a loader throws with an error status: already translated, so that the error page can show
 * it even when the root loader (which carries the messages) is the one that failed.
 */
export interface ErrorPayload {
  readonly kind: 'govcloud-error'
  readonly locale: Locale
  readonly status: number
  /** 'Mã lỗi 404' */
  readonly statusText: string
  readonly title: string
  readonly message: string
  /** "Mã tham chiếu: 3F9A0C11D2E47B65", for unexpected failures: the request's id, on its log lines (decision 0070). */
  readonly referenceText?: string
  /** A stack trace, in development only, under its label. */
  readonly details?: { readonly label: string; readonly text: string }
  readonly appName: string
  readonly homeLabel: string
}

export function isErrorPayload(value: unknown): value is ErrorPayload {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'govcloud-error'
}
