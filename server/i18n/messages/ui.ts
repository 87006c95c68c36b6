// The console's own words (layout, pages, errors), one file per area of the console. Vietnamese
// first; English must have exactly the same keys (each file's types and server/i18n/index.test.ts
// check it). `{name}` placeholders are filled by translate(); numbers and dates are formatted
// before they are passed in.
//
// Adding a string: add the key to `vi` and to `en` of its area's file, then use it as
// t('the.key', { ... }) in a component or translate(locale, 'the.key', { ... }) in a loader.
import { agencyMessages } from './ui-agencies'
import { overviewMessages } from './ui-overview'
import { requestMessages } from './ui-requests'
import { shellMessages } from './ui-shell'
import { startupMessages } from './ui-startup'

/** Every area's words; a key belongs to one area only (index.test.ts checks). */
export const UI_AREAS = [shellMessages, overviewMessages, agencyMessages, requestMessages, startupMessages] as const

export type UiMessageKey =
  | keyof typeof shellMessages.vi
  | keyof typeof overviewMessages.vi
  | keyof typeof agencyMessages.vi
  | keyof typeof requestMessages.vi
  | keyof typeof startupMessages.vi
