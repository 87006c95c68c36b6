// The browser's copy of the catalogue (decision 0015): one script per locale, named by a hash of
// its content, so a browser downloads it once per release and keeps it (immutable), instead of
// receiving ~36 KB of messages inside every page's loader data.
//
//   catalogueAsset('vi') → { path: '/i18n/vi.3f9a1c0b2d4e.js', body: 'window.__GOVCLOUD_I18N__ …' }
//
// The server renders with the catalogue in memory (index.ts); this file only serves the browser.
import { createHash } from 'node:crypto'
import { LOCALES, catalogue, isLocale, type Locale } from './index'

/** The global the script fills: `window.__GOVCLOUD_I18N__[locale]` (read by app/utils/i18n.ts). */
export const CATALOGUE_GLOBAL = '__GOVCLOUD_I18N__'

export interface CatalogueAsset {
  readonly locale: Locale
  /** Where the page loads it from, e.g. `/i18n/vi.3f9a1c0b2d4e.js`. */
  readonly path: string
  /** The file name under /i18n/. */
  readonly file: string
  /** JavaScript that adds this locale's messages to the global (another locale's stay). */
  readonly body: string
}

function build(locale: Locale): CatalogueAsset {
  // JSON is valid JavaScript here: the file is a script of its own, never inlined in HTML.
  const body =
    `(window.${CATALOGUE_GLOBAL}=window.${CATALOGUE_GLOBAL}||{})[${JSON.stringify(locale)}]=` +
    `${JSON.stringify(catalogue[locale])};\n`
  const hash = createHash('sha256').update(body).digest('hex').slice(0, 12)
  const file = `${locale}.${hash}.js`
  return { locale, path: `/i18n/${file}`, file, body }
}

const assets = new Map<Locale, CatalogueAsset>(LOCALES.map((locale) => [locale, build(locale)]))

export function catalogueAsset(locale: Locale): CatalogueAsset {
  return assets.get(locale)!
}

/** The asset a file name under /i18n/ names, or undefined (unknown locale, or another release's hash). */
export function catalogueAssetByFile(file: string): CatalogueAsset | undefined {
  const locale = file.split('.', 1)[0]
  if (!isLocale(locale)) return undefined
  const asset = assets.get(locale)
  return asset?.file === file ? asset : undefined
}
