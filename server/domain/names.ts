// Human names (agencies, projects, contacts) in Vietnamese. The same name can arrive composed
// (NFC, what Vietnamese keyboards on Windows and macOS mostly send) or decomposed (NFD, from some
// macOS paths and copy-paste), and the two look identical but compare and index differently.
// Everything is stored as NFC so that `Sở Khoa học và Công nghệ` is one name, not two.
import { err, ok, type Result } from './errors'

/** NFC, trimmed, inner runs of blanks (tabs, newlines, no-break spaces) made one space. */
export function normaliseName(raw: string): string {
  return raw.normalize('NFC').trim().replace(/\s+/gu, ' ')
}

/**
 * Control, format (zero-width), surrogate, private-use and unassigned characters have no place
 * in a name: they are invisible, break CSV and file names, and let two names look the same.
 */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}]/u

export interface NameRules {
  readonly maxLength: number
}

/** Length is counted in characters (code points after NFC), which is what a person counts. */
export function characterCount(text: string): number {
  return [...text].length
}

/** Normalises and checks a required name: 1..maxLength characters, nothing invisible. */
export function validateName(raw: string, rules: NameRules = { maxLength: 200 }): Result<string> {
  const name = normaliseName(raw)
  if (name === '') return err('name.required', {})
  if (INVISIBLE.test(name)) return err('name.invalid_characters', {})
  const length = characterCount(name)
  if (length > rules.maxLength) {
    return err('name.too_long', { max: rules.maxLength, length })
  }
  return ok(name)
}

/** Like validateName, but an empty input is allowed and gives the empty string. */
export function validateOptionalName(
  raw: string | null | undefined,
  rules: NameRules = { maxLength: 200 },
): Result<string> {
  if (raw === null || raw === undefined || normaliseName(raw) === '') return ok('')
  return validateName(raw, rules)
}
