// Versions that take effect on a local date and hold until the next one does: the rate card and
// the footprint coefficients (decision 0048). One rule for both: a version runs from local
// midnight of its date to local midnight of the next version's date, so there is never an
// overlap (two versions may not share a date) and never a gap after the first; an hour before
// the first version has none, and whoever prices it is told so rather than given zero.
import { err, ok, type Result } from './errors'
import { isLocalDate, localDateOf, localMidnight, type LocalDate } from './local-calendar'

export interface Dated {
  readonly effectiveFrom: LocalDate
}

/** The version in force during the hour starting at `hour`, or null before the first. */
export function versionAt<T extends Dated>(versions: readonly T[], hour: Date): T | null {
  let found: T | null = null
  for (const version of versions) {
    const starts = localMidnight(version.effectiveFrom).getTime()
    if (starts <= hour.getTime() && (found === null || version.effectiveFrom > found.effectiveFrom)) found = version
  }
  return found
}

/**
 * Whether a new version may take effect on `effectiveFrom`, given the versions already kept and
 * the time now. Only from a later local day than today: a version never reprices an hour already
 * metered, not even one of the current month whose statement is still open, since agencies read
 * the month's running cost to plan (decision 0048). A date already taken is an overlap.
 */
export function checkNewVersionDate(existing: readonly Dated[], effectiveFrom: string, now: Date): Result<LocalDate> {
  if (!isLocalDate(effectiveFrom)) return err('input.invalid_date', {})
  const today = localDateOf(now)
  if (effectiveFrom <= today) return err('dated.not_future', { date: effectiveFrom, today })
  if (existing.some((version) => version.effectiveFrom === effectiveFrom))
    return err('dated.date_taken', { date: effectiveFrom })
  return ok(effectiveFrom)
}

/** The version in force now and those scheduled after it, in date order. */
export function currentAndScheduled<T extends Dated>(
  versions: readonly T[],
  now: Date,
): { current: T | null; scheduled: T[] } {
  const today = localDateOf(now)
  const sorted = [...versions].sort((a, b) => (a.effectiveFrom < b.effectiveFrom ? -1 : 1))
  const past = sorted.filter((version) => version.effectiveFrom <= today)
  return { current: past.at(-1) ?? null, scheduled: sorted.filter((version) => version.effectiveFrom > today) }
}
