import { z } from 'zod'
import { isHttpUrl, optional, timeoutSeconds } from './schema-parts'

/** How often the metering looks for due hours when METERING_PERIOD_SECONDS is not set. */
export const DEFAULT_METERING_PERIOD_SECONDS = 300

// The time-series store the metering reads (decision 0046): its query API's base URL and the basic
// auth in front of it. Without a URL nothing is measured. One home for the console's and the
// workflow worker's settings (decision 0047).
export const metricsSettings = {
  METRICS_URL: optional(
    z.string().refine(isHttpUrl, { error: 'must be the http(s):// base URL of the time-series store' }),
  ),
  METRICS_USERNAME: optional(z.string().min(1)),
  METRICS_PASSWORD: optional(z.string().min(1)),
  /** How long one query of the store may take before it counts as unreachable. */
  METRICS_TIMEOUT_SECONDS: timeoutSeconds(300, 30),
  /**
   * Seconds between the metering job's looks for due hours; a look with nothing due costs one query.
   * The worker runs the job at this period and the console tells readers when the next measurement
   * is due from it (server/metering/next-measurement.ts), so both read it here.
   */
  METERING_PERIOD_SECONDS: optional(
    z.coerce.number({ error: 'must be a whole number of seconds' }).int().min(30).max(3600, {
      error: 'must be 30 to 3600',
    }),
  ).transform((v) => v ?? DEFAULT_METERING_PERIOD_SECONDS),
}

/**
 * METERING_PERIOD_SECONDS alone, for a page's "measured by HH:MM": pages are rendered by loaders
 * that need no other setting, also where the console's whole settings are not set (the loaders'
 * integration tests). The console's start-up still checks it with the rest (getEnv).
 */
export function meteringPeriodSeconds(source: Record<string, string | undefined> = process.env): number {
  const parsed = metricsSettings.METERING_PERIOD_SECONDS.safeParse(source.METERING_PERIOD_SECONDS)
  if (!parsed.success) throw new Error(`METERING_PERIOD_SECONDS ${parsed.error.issues[0]?.message ?? 'is not valid'}`)
  return parsed.data
}

/** Basic auth takes both a user name and a password, or neither. */
export function refineMetricsAuth(
  env: { METRICS_USERNAME?: string; METRICS_PASSWORD?: string },
  ctx: z.RefinementCtx,
): void {
  if ((env.METRICS_USERNAME === undefined) !== (env.METRICS_PASSWORD === undefined)) {
    const missing = env.METRICS_USERNAME === undefined ? 'METRICS_USERNAME' : 'METRICS_PASSWORD'
    ctx.addIssue({ code: 'custom', path: [missing], message: 'is required with the other (basic auth of the store)' })
  }
}
