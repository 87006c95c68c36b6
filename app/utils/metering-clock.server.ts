import type { MeteringClock } from '#server/charts/missing-figures'
import { getEnv } from '#server/config/env'

/** The metering's clock as pages tell it: now, and the period this deployment configured. */
export function meteringClock(now = new Date()): MeteringClock {
  return { now, periodSeconds: getEnv().METERING_PERIOD_SECONDS }
}
