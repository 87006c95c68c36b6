// When the metering will have measured an hour, as pages tell a reader who sees "chưa đo" (issue 17).
// Pure: the period is the one the deployment configured (METERING_PERIOD_SECONDS, read once in
// server/config/metrics.ts by both the console and the workflow worker), never an assumed default.
import { DEFAULT_HOUR_PLAN, HOUR_MS, hourStart, type HourPlanSettings } from './hours'

/**
 * By when the job has passed over `hour` (any instant in it): the hour is due once it has ended and
 * settled (hours.ts), and the job looks for due hours every `periodSeconds`; an hour already due is
 * looked at within one period from `now`.
 */
export function hourMeasuredBy(
  hour: Date,
  now: Date,
  periodSeconds: number,
  plan: Pick<HourPlanSettings, 'settleMs'> = DEFAULT_HOUR_PLAN,
): Date {
  const due = hourStart(hour).getTime() + HOUR_MS + plan.settleMs
  return new Date(Math.max(due, now.getTime()) + periodSeconds * 1000)
}

/** By when the hour running at `now` is measured: what a resource without a figure yet waits for. */
export function nextMeasuredBy(now: Date, periodSeconds: number): Date {
  return hourMeasuredBy(now, now, periodSeconds)
}
