import { readBodyWithin } from '#server/api/http'
import { httpError } from './errors.server'
import { resolveLocale, translate, type MessageKey, type MessageParams } from './i18n.server'

// The one way an action reads a form (decision 0030): within a size limit, like the API's JSON.
// Remix hands actions the raw Request, whose formData() holds whatever arrives; /lang reads its
// form before anyone signs in, so without a limit anyone could make a worker hold any amount.

/** The console's largest form (a request: justification and a dozen amounts) is a few KiB. */
export const MAX_FORM_BYTES = 64 * 1024

const FORM_TYPES = /^(application\/x-www-form-urlencoded|multipart\/form-data)\s*(;|$)/i

/**
 * The posted form, or a translated 413 over MAX_FORM_BYTES (400 when it is not a form at all).
 * Resource routes (no page: /lang) pass `{ page: false }` for a plain-text answer.
 */
export async function readForm(request: Request, { page = true }: { page?: boolean } = {}): Promise<FormData> {
  const type = request.headers.get('content-type') ?? ''
  if (!FORM_TYPES.test(type.trim())) refuse(request, page, 400, 'error.badRequest.body')
  const bytes = await readBodyWithin(request, MAX_FORM_BYTES)
  if (bytes === null) refuse(request, page, 413, 'error.tooLarge.body', { max: MAX_FORM_BYTES / 1024 })
  try {
    return await new Response(bytes, { headers: { 'Content-Type': type } }).formData()
  } catch {
    refuse(request, page, 400, 'error.badRequest.body')
  }
}

/** The translated page (or plain text, for a resource route) that says why the form was not read. */
function refuse(request: Request, page: boolean, status: 400 | 413, key: MessageKey, params?: MessageParams): never {
  if (page) throw httpError(request, status, { key, params })
  throw new Response(translate(resolveLocale(request), key, params), {
    status,
    headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' },
  })
}
