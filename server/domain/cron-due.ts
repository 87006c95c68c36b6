// When a backup schedule (a five-field cron, server/domain/backup-schedule.ts) last fell due: what
// the copy of a project's bucket data asks to know whether a run is owed since its last one.
// Times are Việt Nam's (UTC+7, no daylight saving), as the schedule is written; Velero reads the
// same cron with CRON_TZ for the Kubernetes side, so both sides fall due at the same minutes.

const VIETNAM_OFFSET_MINUTES = 7 * 60
const MINUTE = 60_000
/** A schedule is looked for this far back: a yearly one still falls due within it. */
const LOOK_BACK_MINUTES = 366 * 24 * 60

type FieldSet = ReadonlySet<number>

function expand(field: string, min: number, max: number): FieldSet {
  const values = new Set<number>()
  for (const item of field.split(',')) {
    const [range = '*', stepText] = item.split('/')
    const step = stepText === undefined ? 1 : Number(stepText)
    const [from, to] = range === '*' ? [min, max] : range.split('-').map(Number)
    const last = to ?? (stepText === undefined ? from! : max)
    for (let v = from!; v <= last; v += step) values.add(v)
  }
  return values
}

interface Cron {
  readonly minute: FieldSet
  readonly hour: FieldSet
  readonly day: FieldSet
  readonly month: FieldSet
  readonly weekday: FieldSet
  readonly dayRestricted: boolean
  readonly weekdayRestricted: boolean
}

function parse(schedule: string): Cron {
  const [minute = '', hour = '', day = '', month = '', weekday = ''] = schedule.trim().split(/\s+/)
  const weekdays = expand(weekday, 0, 7)
  return {
    minute: expand(minute, 0, 59),
    hour: expand(hour, 0, 23),
    day: expand(day, 1, 31),
    month: expand(month, 1, 12),
    // 7 is Sunday too.
    weekday: weekdays.has(7) ? new Set([...weekdays, 0]) : weekdays,
    dayRestricted: day !== '*',
    weekdayRestricted: weekday !== '*',
  }
}

function matches(cron: Cron, local: Date): boolean {
  if (!cron.minute.has(local.getUTCMinutes()) || !cron.hour.has(local.getUTCHours())) return false
  if (!cron.month.has(local.getUTCMonth() + 1)) return false
  const day = cron.day.has(local.getUTCDate())
  const weekday = cron.weekday.has(local.getUTCDay())
  // Cron's rule: with both restricted, either one will do.
  if (cron.dayRestricted && cron.weekdayRestricted) return day || weekday
  return day && weekday
}

/** The latest minute at or before `now` when the schedule fell due, or null within the last year. */
export function lastDueAt(schedule: string, now: Date): Date | null {
  const cron = parse(schedule)
  const start = Math.floor(now.getTime() / MINUTE) * MINUTE
  for (let i = 0; i <= LOOK_BACK_MINUTES; i++) {
    const utc = start - i * MINUTE
    if (matches(cron, new Date(utc + VIETNAM_OFFSET_MINUTES * MINUTE))) return new Date(utc)
  }
  return null
}

/** Whether a run is owed: the schedule fell due after the last run (or there was none). */
export function runOwed(schedule: string, lastRun: Date | null, now: Date): boolean {
  const due = lastDueAt(schedule, now)
  return due !== null && (lastRun === null || due > lastRun)
}

/** The first minute after `now` when the schedule falls due, or null within the next year. */
export function nextDueAt(schedule: string, now: Date): Date | null {
  const cron = parse(schedule)
  const start = Math.floor(now.getTime() / MINUTE) * MINUTE + MINUTE
  for (let i = 0; i <= LOOK_BACK_MINUTES; i++) {
    const utc = start + i * MINUTE
    if (matches(cron, new Date(utc + VIETNAM_OFFSET_MINUTES * MINUTE))) return new Date(utc)
  }
  return null
}
