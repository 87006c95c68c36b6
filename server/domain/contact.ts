// A project's contact person. Checks are loose on purpose: they catch typos (a missing @, a
// phone number one digit short) without refusing real addresses the console cannot foresee.
import { err, issue, ok, validation, type FieldIssue, type Result, type Validation } from './errors'
import { validateName } from './names'

export interface Contact {
  readonly name: string
  /** Trimmed; the domain part lower-cased (it is case-insensitive, the local part may not be). */
  readonly email: string
  /** E.164 (`+84912345678`) for mobiles and landlines, national form for 1800/1900 lines, or ''. */
  readonly phone: string
}

export interface ContactInput {
  readonly name: string
  readonly email: string
  readonly phone?: string | null
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/

export function validateEmail(raw: string): Result<string> {
  const email = raw.normalize('NFC').trim()
  const at = email.lastIndexOf('@')
  if (email.length > 254 || !EMAIL.test(email) || at < 0) {
    return err('contact.email_invalid', { email })
  }
  return ok(`${email.slice(0, at)}@${email.slice(at + 1).toLowerCase()}`)
}

/**
 * Vietnamese numbers, written any common way: `0912 345 678`, `091.234.5678`, `+84 912 345 678`,
 * `(0205) 3 812 345`. Since 2017–2018 mobiles have 9 digits after the 0 and start with 3, 5, 7,
 * 8 or 9; landlines have 10 digits after the 0 and start with 2 (Lạng Sơn is 0205). Hotlines
 * 1800/1900 have 8 or 10 digits.
 */
export function validatePhone(raw: string): Result<string> {
  const compact = raw.trim().replace(/[\s.\-()]/g, '')
  if (compact === '') return ok('')
  const hotline = /^(1800|1900)(\d{4}|\d{6})$/.exec(compact)
  if (hotline !== null) return ok(compact)
  let national: string | null = null
  if (/^\+84\d+$/.test(compact)) national = compact.slice(3)
  else if (/^0084\d+$/.test(compact)) national = compact.slice(4)
  else if (/^84\d{9,10}$/.test(compact)) national = compact.slice(2)
  else if (/^0\d+$/.test(compact)) national = compact.slice(1)
  if (national !== null) national = national.replace(/^0/, '') // `+84 (0) 912…`
  const valid = national !== null && (/^[35789]\d{8}$/.test(national) || /^2\d{9}$/.test(national))
  return valid ? ok(`+84${national}`) : err('contact.phone_invalid', { phone: raw.trim() })
}

export function validateContact(input: ContactInput): Validation<Contact> {
  const issues: FieldIssue[] = []
  const name = validateName(input.name, { maxLength: 200 })
  if (!name.ok) {
    const error =
      name.error.code === 'name.required' ? { code: 'contact.name_required' as const, params: {} } : name.error
    issues.push(issue('name', error))
  }
  const email = validateEmail(input.email)
  if (!email.ok) issues.push(issue('email', email.error))
  const phone = validatePhone(input.phone ?? '')
  if (!phone.ok) issues.push(issue('phone', phone.error))
  return validation(issues, () => ({
    name: name.ok ? name.value : '',
    email: email.ok ? email.value : '',
    phone: phone.ok ? phone.value : '',
  }))
}
