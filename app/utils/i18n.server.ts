// The bridge from the app to the translation catalogue (server/i18n). Loaders translate labels
// built from data; components use useT() from ./i18n.ts, which reads the catalogue in memory on
// the server and the locale's catalogue script (/i18n/<locale>.<hash>.js) in the browser.
export {
  catalogue,
  localeCookie,
  resolveLocale,
  translate,
  translateOr,
  LOCALES,
  type Locale,
  type MessageKey,
  type MessageParams,
  type Messages,
} from '#server/i18n'
export { formatDate, formatDateTime, formatNumber } from '#server/i18n/format'
export { catalogueAsset, catalogueAssetByFile } from '#server/i18n/asset'
