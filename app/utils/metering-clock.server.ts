import type { MeteringClock } from '#server/charts/missing-figures'
import { meteringPeriodSeconds } from '#server/config/metrics'

/** The metering's clock as pages tell it: now, and the period this deployment configured. */
export function meteringClock(now = new Date()): MeteringClock {
  return { now, periodSeconds: meteringPeriodSeconds() }
}
