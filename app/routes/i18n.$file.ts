import type { LoaderFunctionArgs } from '@remix-run/node'
import { catalogueAssetByFile } from '#app/utils/i18n.server'

// GET /i18n/<locale>.<hash>.js: the catalogue of one language for the browser's t() (decision
// 0015). Public like the rest of the console's code (the words are in the open-source tree), and
// immutable: its name changes with its content, so browsers keep it for a year. The document
// loads it with a plain <script> before the app's modules, so it is there before hydration.

export function loader({ params }: LoaderFunctionArgs) {
  const asset = catalogueAssetByFile(params.file ?? '')
  if (!asset) {
    return new Response('Not found', {
      status: 404,
      headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' },
    })
  }
  return new Response(asset.body, {
    headers: {
      'Content-Type': 'text/javascript; charset=utf-8',
      'Cache-Control': 'public, max-age=31536000, immutable',
      'X-Content-Type-Options': 'nosniff',
    },
  })
}
