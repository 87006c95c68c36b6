import { catalogue } from '#server/i18n'

// What reads as English on a page meant to be Vietnamese (decisions 0068, 0080): the English
// catalogue's phrases the Vietnamese does not use, and a few English words. Code (namespaces, check
// ids, the platform's own words shown to operators as `<code lang="en">`) is not prose and is not read.

/** The English catalogue's phrases of three words or more that the Vietnamese one does not use. */
export const ENGLISH_PHRASES = [
  ...new Set(
    Object.entries(catalogue.en).flatMap(([key, english]) => {
      const vietnamese = catalogue.vi[key as keyof typeof catalogue.vi]
      return english
        .split(/\{[^}]+\}/)
        .map((part) => part.trim().replace(/[.:,;]+$/, ''))
        .filter((part) => part.length >= 12 && part.split(/\s+/).length >= 3 && !vietnamese.includes(part))
    }),
  ),
]

/** English words no Vietnamese sentence of the console has (the last ones: the platforms' refusals). */
export const ENGLISH_WORDS =
  /\b(the|and|with|failed|pending|unknown|nothing|retried|applied|not found|forbidden|must|cannot|invalid|error|refused|exceeded|denied)\b/i

/** Each English phrase and each line with an English word in `text`, labelled with `where`. */
export function englishIn(text: string, where: string): string[] {
  return [
    ...ENGLISH_PHRASES.filter((phrase) => text.includes(phrase)).map((phrase) => `${where}: “${phrase}”`),
    ...text
      .split('\n')
      .filter((line) => ENGLISH_WORDS.test(line))
      .map((line) => `${where}: ${line.trim().slice(0, 160)}`),
  ]
}

/**
 * The text a person reads of a server-rendered page: no scripts (the loader's data), no code, no
 * element marked English (but the page itself, `<html lang="en">`), no table cell's copy of its
 * column heading (shown only when the row is a card on a phone, decision 0081); one line per
 * element, entities decoded.
 */
export function readableText(html: string): string {
  return html
    .replace(/<(script|style|code|pre|kbd)\b[\s\S]*?<\/\1>/g, ' ')
    .replace(/<span class="cell-label"[^>]*>[^<]*<\/span>/g, ' ')
    .replace(/<(?!html\b)(\w+)\b[^>]*\blang="en"[^>]*>[\s\S]*?<\/\1>/g, ' ')
    .replace(/<[^>]+>/g, '\n')
    .replace(/&quot;/g, '"')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&nbsp;|\u00a0/g, ' ')
    .replace(/&amp;/g, '&')
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .join('\n')
}
