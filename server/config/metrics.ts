import { z } from 'zod'
import { isHttpUrl, optional, timeoutSeconds } from './schema-parts'

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
