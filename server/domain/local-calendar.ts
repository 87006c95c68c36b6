// Việt Nam's calendar as the console's money and energy figures use it: a rate card takes effect
// at local midnight, a statement covers a local month. The country keeps UTC+7 all year (no
// daylight saving time), so every local day is 24 UTC hours and every UTC hour lies wholly
// inside one local day: an hourly record never straddles a card change or a month's end.

export const HOUR_MS = 3_600_000
/** Asia/Ho_Chi_Minh's offset from UTC, fixed since 1975. */
export const LOCAL_OFFSET_MS = 7 * HOUR_MS

/** A local calendar date, `YYYY-MM-DD`. */
export type LocalDate = string

const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/

/** Whether text is a real calendar date `YYYY-MM-DD` (no 31 February). */
export function isLocalDate(text: string): boolean {
  const match = LOCAL_DATE.exec(text)
  if (match === null) return false
  const [, y = '', m = '', d = ''] = match
  const utc = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)))
  return utc.getUTCFullYear() === Number(y) && utc.getUTCMonth() === Number(m) - 1 && utc.getUTCDate() === Number(d)
}

/** The instant a local date begins: `2027-01-01` → 2026-12-31T17:00:00Z. */
export function localMidnight(date: LocalDate): Date {
  return new Date(Date.parse(`${date}T00:00:00Z`) - LOCAL_OFFSET_MS)
}

/** The local date an instant falls in. */
export function localDateOf(at: Date): LocalDate {
  return new Date(at.getTime() + LOCAL_OFFSET_MS).toISOString().slice(0, 10)
}

/** The first day of the local month an instant falls in, `YYYY-MM-01`. */
export function localMonthOf(at: Date): LocalDate {
  return `${localDateOf(at).slice(0, 7)}-01`
}

/** The first day of the next local month after a date's month. */
export function nextLocalMonth(date: LocalDate): LocalDate {
  const year = Number(date.slice(0, 4))
  const month = Number(date.slice(5, 7))
  return month === 12 ? `${year + 1}-01-01` : `${year}-${String(month + 1).padStart(2, '0')}-01`
}

/** The next local date: `2026-12-31` → `2027-01-01`. */
export function nextLocalDate(date: LocalDate): LocalDate {
  return localDateOf(new Date(localMidnight(date).getTime() + 24 * HOUR_MS))
}

/** How many hours the local month of an instant has: 672, 696, 720 or 744. */
export function hoursInLocalMonth(at: Date): number {
  const month = localMonthOf(at)
  return (localMidnight(nextLocalMonth(month)).getTime() - localMidnight(month).getTime()) / HOUR_MS
}
