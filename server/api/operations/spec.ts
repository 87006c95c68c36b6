import specText from '../openapi.yaml?raw'

// The contract itself, bundled into the build as text (Vite's `?raw`), so the document served is
// always the one the running code was built from.

export const OPENAPI_YAML: string = specText

/** GET /openapi.yaml: public, cacheable for a while. */
export function getOpenApiDocument(): Promise<Response> {
  return Promise.resolve(
    new Response(OPENAPI_YAML, {
      status: 200,
      headers: { 'Content-Type': 'application/yaml; charset=utf-8', 'Cache-Control': 'public, max-age=300' },
    }),
  )
}
