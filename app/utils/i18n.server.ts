// The bridge from the app to the translation catalogue (server/i18n). Loaders translate labels
// built from data; components use useT() from ./i18n.ts over the root loader's messages.
export {
  catalogue,
  isLocale,
  isMessageKey,
  localeCookie,
  resolveLocale,
  translate,
  translateOr,
  translator,
  LOCALES,
  DEFAULT_LOCALE,
  type Locale,
  type MessageKey,
  type MessageParams,
  type Messages,
} from '#server/i18n'
export { formatDate, formatDateTime, formatNumber } from '#server/i18n/format'
