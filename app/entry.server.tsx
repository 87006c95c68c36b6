import { Writable } from 'node:stream'
import type { EntryContext, HandleDataRequestFunction, HandleErrorFunction } from '@remix-run/node'
import { RemixServer } from '@remix-run/react'
import { renderToPipeableStream } from 'react-dom/server'
import { answerApiRequest, isApiRequest } from './utils/api.server'
import { assertSupportedRuntime, getEnv } from './utils/env.server'
import { provideCatalogue } from './utils/i18n'
import { catalogue } from './utils/i18n.server'
import { NonceContext } from './utils/nonce'
import { newNonce, setSecurityHeaders } from './utils/security-headers.server'
import { documentBytes } from './utils/document-bytes.server'
import { log } from './utils/log.server'

// Fail fast: the server build imports this module when it starts, so a runtime of another major
// line (decision 0063) or a missing or bad setting stops `remix-serve` at once with a message
// naming it, rather than at the first request.
assertSupportedRuntime()
getEnv()

// Pages render with the whole catalogue in memory; the browser loads its locale's separately.
provideCatalogue(catalogue)

const RENDER_TIMEOUT_MS = 10_000

/** Headers every page carries (the pages hold government data; they are never framed or cached). */
function setPageHeaders(headers: Headers, nonce: string): void {
  headers.set('Content-Type', 'text/html; charset=utf-8')
  setSecurityHeaders(headers, { nonce, env: getEnv() })
  if (!headers.has('Cache-Control')) headers.set('Cache-Control', 'private, no-store')
}

/**
 * Renders the whole page before sending it: the console has no deferred data, and a complete
 * document is what assistive technology, bots and the browser tests read best. The document is
 * sent as one buffer (decision 0015): React writes it in dozens of small chunks, and each chunk
 * streamed on cost its own trip through remix-serve's gzip and its own socket write (about 2 ms
 * of CPU per page view, measured with bench/profile-pages.ts).
 */
export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
): Promise<Response> {
  // Under /api/v1 the API answers, in problem+json, even a path that Remix's router cannot match
  // (its splat does not cross a line break, %0A): never the console's HTML page (decision 0031).
  if (isApiRequest(request)) return answerApiRequest(request)
  const nonce = newNonce()
  return new Promise((resolve, reject) => {
    let shellRendered = false
    const { pipe, abort } = renderToPipeableStream(
      <NonceContext.Provider value={nonce}>
        <RemixServer context={remixContext} url={request.url} abortDelay={RENDER_TIMEOUT_MS} nonce={nonce} />
      </NonceContext.Provider>,
      {
        onAllReady() {
          shellRendered = true
          const chunks: Buffer[] = []
          const document = new Writable({
            write(chunk: Buffer, _encoding, done) {
              chunks.push(chunk)
              done()
            },
            final(done) {
              setPageHeaders(responseHeaders, nonce)
              resolve(new Response(documentBytes(chunks), { headers: responseHeaders, status: responseStatusCode }))
              done()
            },
          })
          pipe(document)
        },
        onShellError(error: unknown) {
          reject(error instanceof Error ? error : new Error(String(error)))
        },
        onError(error: unknown) {
          responseStatusCode = 500
          // Errors after the shell are already reported by Remix's handleError; log the rest.
          if (shellRendered) log.error({ err: error }, 'rendering failed after the shell')
        },
      },
    )
    setTimeout(abort, RENDER_TIMEOUT_MS + 1_000)
  })
}

/** The data of client-side navigations: never a document, so no script may run from it. */
export const handleDataRequest: HandleDataRequestFunction = (response) => {
  setSecurityHeaders(response.headers, null)
  return response
}

/** Unexpected errors Remix caught (loaders not wrapped by withErrorReference, rendering). */
export const handleError: HandleErrorFunction = (error, { request }) => {
  if (request.signal.aborted) return
  const where = `${request.method} ${new URL(request.url).pathname}`
  // Remix's own guard refused a POST whose Origin is not this host (decision 0007): a forged
  // form, not a fault of the console; one line is enough.
  if (error instanceof Error && /does not match `origin` header|headers are not provided/.test(error.message)) {
    log.warn(`${where}: cross-site POST refused (Origin ${request.headers.get('Origin') ?? 'none'})`)
    return
  }
  log.error({ err: error }, `${where} failed`)
}
