// Backup schedules. The console offers two presets (daily at a time, weekly on a day at a time)
// and accepts a five-field cron expression from experts; all three are stored as cron, which is
// what the backup jobs on the platform read. Times are Vietnam's local time (UTC+7, no DST).
import { err, ok, type Result } from './errors'

export type BackupPreset =
  | { readonly kind: 'daily'; readonly time: string }
  | { readonly kind: 'weekly'; readonly dayOfWeek: number; readonly time: string }

export interface BackupSettings {
  /** Five-field cron expression, normalised (single spaces). */
  readonly schedule: string
  readonly retentionDays: number
}

export const RETENTION_DAYS_MIN = 1
export const RETENTION_DAYS_MAX = 3650

/** minute, hour, day of month, month, day of week (0 and 7 are Sunday). */
const FIELD_RANGES: readonly (readonly [number, number])[] = [
  [0, 59],
  [0, 23],
  [1, 31],
  [1, 12],
  [0, 7],
]

const ITEM = /^(\*|(\d{1,2})(?:-(\d{1,2}))?)(?:\/(\d{1,2}))?$/

function validField(field: string, [min, max]: readonly [number, number]): boolean {
  return field.split(',').every((item) => {
    const match = ITEM.exec(item)
    if (match === null) return false
    const [, , from, to, step] = match
    const inRange = (text: string | undefined) => text === undefined || (Number(text) >= min && Number(text) <= max)
    if (!inRange(from) || !inRange(to)) return false
    if (from !== undefined && to !== undefined && Number(from) > Number(to)) return false
    if (step !== undefined && (Number(step) < 1 || Number(step) > max)) return false
    return true
  })
}

/**
 * Checks a cron expression. The minute must be one fixed number: a backup at most once an hour
 * is plenty, and `* * * * *` would flood the backup system.
 */
export function validateCron(raw: string): Result<string> {
  const fields = raw.trim().split(/\s+/)
  const schedule = fields.join(' ')
  if (fields.length !== 5) return err('request.schedule_invalid', { schedule })
  const valid = fields.every((field, index) => {
    const range = FIELD_RANGES[index]
    return range !== undefined && validField(field, range)
  })
  if (!valid || !/^\d{1,2}$/.test(fields[0] ?? '')) {
    return err('request.schedule_invalid', { schedule })
  }
  return ok(schedule)
}

/**
 * How many runs a day a system of each security level (Decree 85/2016, 1-5) may schedule: a run
 * backs up the whole namespace and copies every changed object, so a level-1 system's daily
 * backup is enough and the storage is not flooded; levels 3 and above, whose loss costs more, may
 * run every six hours (3) or every hour (4, 5).
 */
export const MAX_RUNS_PER_DAY: Readonly<Record<number, number>> = { 1: 1, 2: 1, 3: 4, 4: 24, 5: 24 }

/**
 * The most runs one day of the schedule holds: the minute is fixed (validateCron), so it is the
 * number of hours its hour field names.
 */
export function runsPerDay(schedule: string): number {
  const hours = new Set<number>()
  for (const item of (schedule.split(' ')[1] ?? '').split(',')) {
    const match = ITEM.exec(item)
    if (match === null) continue
    const [, star, from, to, step] = match
    const first = star === '*' ? 0 : Number(from)
    const last = star === '*' || (to === undefined && step !== undefined) ? 23 : Number(to ?? from)
    for (let h = first; h <= last; h += Number(step ?? 1)) hours.add(h)
  }
  return hours.size
}

/** A valid schedule that runs no more often than the system's level allows. */
export function checkFrequency(schedule: string, securityLevel: number): Result<string> {
  const max = MAX_RUNS_PER_DAY[securityLevel] ?? 1
  const runs = runsPerDay(schedule)
  if (runs > max) return err('request.schedule_too_frequent', { schedule, runs, max, level: securityLevel })
  return ok(schedule)
}

/** `HH:MM`, 24-hour. */
export function parseTime(raw: string): Result<{ hour: number; minute: number }> {
  const match = /^(\d{1,2}):(\d{2})$/.exec(raw.trim())
  const hour = Number(match?.[1])
  const minute = Number(match?.[2])
  if (match === null || hour > 23 || minute > 59) return err('request.time_invalid', { time: raw })
  return ok({ hour, minute })
}

export function presetToCron(preset: BackupPreset): Result<string> {
  const time = parseTime(preset.time)
  if (!time.ok) return time
  const { hour, minute } = time.value
  if (preset.kind === 'daily') return ok(`${minute} ${hour} * * *`)
  if (!Number.isInteger(preset.dayOfWeek) || preset.dayOfWeek < 0 || preset.dayOfWeek > 6) {
    return err('request.schedule_invalid', { schedule: `weekly ${preset.dayOfWeek}` })
  }
  return ok(`${minute} ${hour} * * ${preset.dayOfWeek}`)
}

/** The preset a stored cron expression stands for, or null when it is a custom one. */
export function cronToPreset(schedule: string): BackupPreset | null {
  const match = /^(\d{1,2}) (\d{1,2}) \* \* (\*|[0-7])$/.exec(schedule)
  if (match === null) return null
  const [, minute = '0', hour = '0', day = '*'] = match
  const time = `${hour.padStart(2, '0')}:${minute.padStart(2, '0')}`
  if (day === '*') return { kind: 'daily', time }
  return { kind: 'weekly', dayOfWeek: Number(day) % 7, time }
}

export function validateRetentionDays(days: number): Result<number> {
  if (!Number.isInteger(days) || days < RETENTION_DAYS_MIN || days > RETENTION_DAYS_MAX) {
    return err('request.retention_out_of_range', {
      min: RETENTION_DAYS_MIN,
      max: RETENTION_DAYS_MAX,
      days: String(days),
    })
  }
  return ok(days)
}
