import { z } from 'zod'

// When the provisioning worker runs the security scans (decision 0039): each source's full scan on
// its own period, and the cluster again within seconds of a change the watch sees. Periods in
// seconds, validated at start-up with the provisioning worker's other settings.

const optional = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === '' ? undefined : v), schema.optional())
const seconds = (min: number, fallback: number) =>
  optional(
    z.coerce
      .number()
      .int()
      .min(min)
      .max(7 * 86_400),
  ).transform((v) => v ?? fallback)

export const securityScanSettingsShape = {
  /** Seconds between full scans of every managed namespace (the watch covers changes in between). */
  SECURITY_SCAN_CLUSTER_SECONDS: seconds(30, 600),
  /** Seconds between full scans of the projects' buckets and access keys. */
  SECURITY_SCAN_STORAGE_SECONDS: seconds(30, 1800),
  /** Seconds between scans of the platform itself (API server, storage, audit checkpoints). */
  SECURITY_SCAN_PLATFORM_SECONDS: seconds(30, 900),
  /** Milliseconds of quiet after a change before its namespace is scanned again. */
  SECURITY_SCAN_DEBOUNCE_MS: optional(z.coerce.number().int().min(0).max(60_000)).transform((v) => v ?? 2_000),
  /** 0: no watch, periodic scans only. */
  SECURITY_SCAN_WATCH: optional(z.enum(['0', '1'])).transform((v) => v !== '0'),
  /** The SeaweedFS filer's HTTP API, asked without credentials by the platform scan (GC-PLT-04); unset: not asked. */
  SEAWEEDFS_FILER_URL: optional(z.url()),
}

export type SecurityScanSettings = {
  [K in keyof typeof securityScanSettingsShape]: z.infer<(typeof securityScanSettingsShape)[K]>
}
