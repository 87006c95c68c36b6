// The metering job's settings, read by the workflow worker at start-up (decision 0047): the
// time-series store (server/config/metrics.ts, the same settings the console reads) and how often
// the job looks for due hours. Without METRICS_URL the worker meters nothing.
import { z } from 'zod'
import { parseSettings } from '../config/env'
import { metricsSettings, refineMetricsAuth } from '../config/metrics'
import { connectTimeSeriesStore, type TimeSeriesStore } from '../platform/metrics/time-series'

export const meteringEnvSchema = z
  .object({
    // The store and METERING_PERIOD_SECONDS, as the console reads them too.
    ...metricsSettings,
  })
  .superRefine(refineMetricsAuth)

export type MeteringEnv = z.infer<typeof meteringEnvSchema>

export function parseMeteringEnv(source: Record<string, string | undefined> = process.env): MeteringEnv {
  return parseSettings(meteringEnvSchema, source)
}

/** The store the settings name, or null when none is configured. */
export function meteringStore(env: MeteringEnv): TimeSeriesStore | null {
  if (!env.METRICS_URL) return null
  return connectTimeSeriesStore({
    url: env.METRICS_URL,
    username: env.METRICS_USERNAME,
    password: env.METRICS_PASSWORD,
    requestTimeoutMs: env.METRICS_TIMEOUT_SECONDS * 1000,
    noCache: true,
  })
}
