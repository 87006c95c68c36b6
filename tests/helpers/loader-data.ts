import { decode } from 'turbo-stream'

// What a page's loaders return, exactly as the browser's client-side navigation receives it:
// Remix's single fetch asks `<path>.data` and gets every matched route's loader result, encoded
// with turbo-stream. Decoded here without Remix's client (it needs a window), with the same
// plugins Remix uses, into plain values a test can search.

/** The address single fetch asks for a page: `/x?y` → `/x.data?y`, `/` → `/_root.data`. */
export function dataPath(path: string): string {
  const url = new URL(path, 'http://console.invalid')
  const pathname = url.pathname === '/' ? '/_root' : url.pathname.replace(/\/$/, '')
  return `${pathname}.data${url.search}`
}

/** One route's result: what its loader returned, or what it threw (a 404 page's payload, say). */
export type RouteResult =
  { data: unknown } | { error: { status: number; data: unknown } | { message: string } } | { redirect: unknown }

/** The decoded answer to `<path>.data`, by route id (`root`, `routes/projects.$namespace` …). */
export async function decodeLoaderData(response: Response): Promise<Record<string, RouteResult>> {
  if (!response.body) throw new Error(`no body in the answer to ${response.url}`)
  const decoded = await decode(response.body, {
    plugins: [
      (type: string, ...rest: unknown[]) => {
        if (type === 'SanitizedError') return { value: { message: String(rest[1]) } }
        if (type === 'ErrorResponse') return { value: { status: rest[1], data: rest[0] } }
        if (type === 'SingleFetchRedirect') return { value: { redirect: rest[0] } }
        if (type === 'SingleFetchFallback') return { value: undefined }
        if (type === 'SingleFetchClassInstance') return { value: rest[0] }
        return undefined
      },
    ],
  })
  await decoded.done
  return decoded.value as Record<string, RouteResult>
}
