import { data } from '@remix-run/node'
import { isDatabaseUnreachable } from '#server/db/unreachable'
import type { ErrorPayload } from './error-payload'
import { getEnv } from './env.server'
import { resolveLocale, translate, type MessageKey, type MessageParams } from './i18n.server'
import { loggedFailure } from '#server/observability/log'

// Errors a loader throws: a status and a translated page. Unexpected failures become a 500 with
// a reference that is also written to the server log, so an operator can find the cause from
// what the user reads out (the request's id: every line of the request carries it); the stack reaches the browser only in development.

type ClientStatus = 400 | 403 | 404 | 413
type ServerStatus = 500 | 503

const TITLES: Record<ClientStatus | ServerStatus, MessageKey> = {
  400: 'error.badRequest.title',
  403: 'error.forbidden.title',
  404: 'error.notFound.title',
  413: 'error.tooLarge.title',
  500: 'error.server.title',
  503: 'error.unavailable.title',
}

const BODIES: Record<ClientStatus | ServerStatus, MessageKey> = {
  400: 'error.badRequest.body',
  403: 'error.forbidden.body',
  404: 'error.notFound.body',
  413: 'error.tooLarge.body',
  500: 'error.server.body',
  503: 'error.unavailable.body',
}

function payload(
  request: Request,
  status: ClientStatus | ServerStatus,
  message?: { key: MessageKey; params?: MessageParams },
  extra: { reference?: string; details?: string } = {},
): ErrorPayload {
  const locale = resolveLocale(request)
  return {
    kind: 'govcloud-error',
    locale,
    status,
    statusText: translate(locale, 'error.status', { status }),
    title: translate(locale, TITLES[status]),
    message: translate(locale, message?.key ?? BODIES[status], message?.params),
    appName: translate(locale, 'app.name'),
    homeLabel: translate(locale, 'error.home'),
    ...(extra.reference ? { referenceText: translate(locale, 'error.reference', { reference: extra.reference }) } : {}),
    ...(extra.details ? { details: { label: translate(locale, 'error.devDetails'), text: extra.details } } : {}),
  }
}

/** `throw httpError(request, 404, { key: 'agencies.notFound', params: { code } })` */
export function httpError(
  request: Request,
  status: ClientStatus,
  message?: { key: MessageKey; params?: MessageParams },
) {
  return data(payload(request, status, message), {
    status,
    headers: { 'Cache-Control': 'no-store' },
  })
}

export function notFound(request: Request, message?: { key: MessageKey; params?: MessageParams }) {
  return httpError(request, 404, message)
}

/** Responses and data() thrown on purpose (404, redirects) pass through untouched. */
function isIntended(error: unknown): boolean {
  if (error instanceof Response) return true
  return typeof error === 'object' && error !== null && (error as { type?: unknown }).type === 'DataWithResponseInit'
}

/**
 * Runs a loader's work; an unexpected failure is logged and rethrown as a translated 500 page
 * whose reference is the request's id (decision 0070), on every log line of the request. A
 * database out of reach is a 503 saying so, with Retry-After (decision 0071): the console
 * recovers by itself once it is back.
 */
export async function withErrorReference<T>(request: Request, work: () => Promise<T> | T): Promise<T> {
  try {
    return await work()
  } catch (error) {
    if (isIntended(error)) throw error
    const reference = loggedFailure(error, `${request.method} ${new URL(request.url).pathname} failed`)
    const details =
      getEnv().NODE_ENV === 'development'
        ? error instanceof Error
          ? (error.stack ?? error.message)
          : String(error)
        : undefined
    const status = isDatabaseUnreachable(error) ? 503 : 500
    throw data(payload(request, status, undefined, { reference, ...(details ? { details } : {}) }), {
      status,
      headers: { 'Cache-Control': 'no-store', ...(status === 503 ? { 'Retry-After': '30' } : {}) },
    })
  }
}
