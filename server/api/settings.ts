import { z } from 'zod'
import { auditReaderFromEnv } from '../audit/settings'
import { bucketRestoreWaitSetting } from '../config/bucket-restore-wait'
import { ConfigError } from '../config/env'
import { rateLimitSettings, rateLimitsOf, type RateLimits } from '../config/rate-limits'
import { trustedProxiesSetting, type TrustedProxies } from '../config/trusted-proxies'
import type { Db } from '../db/client'
import { createBearerVerifier } from '../identity/bearer'
import { anyAudience } from './auth'
import { loadCatalogue } from '../db/catalogue'
import { createApiLimiters } from './limits'
import type { ApiDeps } from './context'

// The API's settings, read from the environment and checked at first use: the realm's issuer, the
// token audiences the API accepts, the callers' rate limits and the trusted proxies. See
// docs/decisions/0008-rest-api.md for why only the API's own audience is accepted unless a
// deployment says otherwise, and 0031 for the limits.

const audience = z.string().regex(/^[A-Za-z0-9._:/-]{1,200}$/)

export const apiSettingsSchema = z.object({
  OIDC_ISSUER: z.url({
    protocol: /^https?$/,
    error: 'is required (the realm URL, e.g. https://sso.example/realms/govcloud)',
  }),
  /** The API's own audience (the realm's bearer-only client `govcloud-api`). */
  OIDC_API_AUDIENCE: z.preprocess((v) => (v === '' ? undefined : v), audience.default('govcloud-api')),
  /**
   * Further audiences to accept, comma-separated (e.g. `govcloud-console` to let operators'
   * scripts use console tokens). Empty by default.
   */
  API_EXTRA_AUDIENCES: z
    .preprocess((v) => (v === undefined ? '' : v), z.string())
    .transform((value) =>
      value
        .split(',')
        .map((a) => a.trim())
        .filter(Boolean),
    )
    .pipe(z.array(audience, { error: 'must be a comma-separated list of client ids' })),
  /** Whose X-Forwarded-For to believe (decision 0031), as for the console's pages. */
  TRUSTED_PROXIES: trustedProxiesSetting,
  ...rateLimitSettings,
  ...bucketRestoreWaitSetting,
})

export type ApiSettings = {
  issuer: string
  audiences: string[]
  trustedProxies: TrustedProxies
  rateLimits: RateLimits
  bucketRestoreWaitMs: number
}

export function parseApiSettings(source: Record<string, string | undefined>): ApiSettings {
  const result = apiSettingsSchema.safeParse(source)
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map((issue) => ({
        setting: issue.path.map(String).join('.') || '(environment)',
        message: issue.message,
      })),
    )
  }
  const { OIDC_ISSUER, OIDC_API_AUDIENCE, API_EXTRA_AUDIENCES, TRUSTED_PROXIES } = result.data
  return {
    issuer: OIDC_ISSUER.replace(/\/+$/, ''),
    audiences: [...new Set([OIDC_API_AUDIENCE, ...API_EXTRA_AUDIENCES])],
    trustedProxies: TRUSTED_PROXIES,
    rateLimits: rateLimitsOf(result.data),
    bucketRestoreWaitMs: result.data.BUCKET_RESTORE_WAIT_SECONDS * 1000,
  }
}

/** The dependencies of handleApiRequest in a running console. */
export function createApiDeps(input: { db: Db; env: Record<string, string | undefined> }): ApiDeps {
  const settings = parseApiSettings(input.env)
  return {
    db: input.db,
    verifyBearer: anyAudience(
      settings.audiences.map((aud) => createBearerVerifier({ issuer: settings.issuer, audience: aud })),
    ),
    catalogue: loadCatalogue,
    limits: createApiLimiters(input.db, settings.rateLimits),
    trustedProxies: settings.trustedProxies,
    audit: once(() => auditReaderFromEnv(input.env)),
    bucketRestoreWaitMs: settings.bucketRestoreWaitMs,
  }
}

function once<T>(make: () => T): () => T {
  let made: { value: T } | undefined
  return () => (made ??= { value: make() }).value
}
