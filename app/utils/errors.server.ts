import { randomBytes } from 'node:crypto'
import { data } from '@remix-run/node'
import type { ErrorPayload } from './error-payload'
import { getEnv } from './env.server'
import { resolveLocale, translate, type MessageKey, type MessageParams } from './i18n.server'

// Errors a loader throws: a status and a translated page. Unexpected failures become a 500 with
// a reference that is also written to the server log, so an operator can find the cause from
// what the user reads out; the stack reaches the browser only in development.

type ClientStatus = 400 | 403 | 404 | 413

const TITLES: Record<ClientStatus | 500, MessageKey> = {
  400: 'error.badRequest.title',
  403: 'error.forbidden.title',
  404: 'error.notFound.title',
  413: 'error.tooLarge.title',
  500: 'error.server.title',
}

const BODIES: Record<ClientStatus | 500, MessageKey> = {
  400: 'error.badRequest.body',
  403: 'error.forbidden.body',
  404: 'error.notFound.body',
  413: 'error.tooLarge.body',
  500: 'error.server.body',
}

function payload(
  request: Request,
  status: ClientStatus | 500,
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

export function newErrorReference(): string {
  return `E-${randomBytes(4).toString('hex').toUpperCase()}`
}

/**
 * Runs a loader's work; an unexpected failure is logged with a fresh reference and rethrown as
 * a translated 500 page carrying that reference.
 */
export async function withErrorReference<T>(request: Request, work: () => Promise<T> | T): Promise<T> {
  try {
    return await work()
  } catch (error) {
    if (isIntended(error)) throw error
    const reference = newErrorReference()
    const url = new URL(request.url)
    console.error(`[${reference}] ${request.method} ${url.pathname} failed:`, error)
    const details =
      getEnv().NODE_ENV === 'development'
        ? error instanceof Error
          ? (error.stack ?? error.message)
          : String(error)
        : undefined
    throw data(payload(request, 500, undefined, { reference, ...(details ? { details } : {}) }), {
      status: 500,
      headers: { 'Cache-Control': 'no-store' },
    })
  }
}
