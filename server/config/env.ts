import { readFileSync } from 'node:fs'
import { z } from 'zod'
import { bucketRestoreWaitSetting } from './bucket-restore-wait'
import { metricsSettings, refineMetricsAuth } from './metrics'
import { isHttpUrl, optional, timeoutSeconds } from './schema-parts'
import { rateLimitSettings } from './rate-limits'
import { trustedProxiesSetting } from './trusted-proxies'

// Start-up configuration: read once from the environment, validated, and refused with a message
// that names every bad setting (never its value: some settings hold passwords).

const postgresUrl = z.string({ error: 'is required (a postgresql:// URL)' }).refine(
  (value) => {
    try {
      const url = new URL(value)
      return (url.protocol === 'postgresql:' || url.protocol === 'postgres:') && url.hostname !== ''
    } catch {
      return false
    }
  },
  { error: 'must be a postgresql://user@host:port/database URL' },
)

function isHttpsUrl(value: string): boolean {
  try {
    const url = new URL(value)
    return url.protocol === 'https:' && url.hostname !== ''
  } catch {
    return false
  }
}

function isPemCertificateFile(path: string): boolean {
  try {
    return readFileSync(path, 'utf8').includes('-----BEGIN CERTIFICATE-----')
  } catch {
    return false
  }
}

/** What agencies' kubeconfigs need; all three or none (then the console offers no kubeconfig). */
const AGENCY_KUBE_REQUIRED = ['AGENCY_KUBE_API_URL', 'AGENCY_KUBE_CA_FILE', 'AGENCY_KUBE_OIDC_ISSUER'] as const

export const envSchema = z
  .object({
    NODE_ENV: optional(
      z.enum(['development', 'production', 'test'], { error: 'must be development, production or test' }),
    ).transform((value) => value ?? 'production'),
    DATABASE_URL: postgresUrl,
    /** The Keycloak realm the console signs people in with (OpenID Connect issuer URL). */
    OIDC_ISSUER: z
      .string({ error: 'is required (the realm URL, e.g. https://sso.example/realms/govcloud)' })
      .refine(isHttpUrl, {
        error: 'must be an http(s):// URL of the realm (e.g. https://sso.example/realms/govcloud)',
      }),
    /** The console's confidential client in the realm. */
    OIDC_CLIENT_ID: z
      .string({ error: 'is required (the console client id, e.g. govcloud-console)' })
      .min(1, { error: 'must not be empty' }),
    OIDC_CLIENT_SECRET: z
      .string({ error: 'is required (the console client secret)' })
      .min(1, { error: 'must not be empty' }),
    /**
     * How long one call to Keycloak may take before it counts as unreachable (decision 0028): a
     * page waits at most this long on a hung Keycloak, then goes on with the session it has.
     */
    OIDC_TIMEOUT_SECONDS: timeoutSeconds(60, 5),
    /** Seals Keycloak's tokens in the session table; a long random string, never shared. */
    SESSION_SECRET: z
      .string({ error: 'is required (at least 32 random characters)' })
      .min(32, { error: 'must be at least 32 characters' }),
    /** The console's own origin as browsers reach it (redirect URIs, the Origin check of forms). */
    PUBLIC_URL: z
      .string({ error: 'is required (the console origin, e.g. https://console.example)' })
      .refine(isHttpUrl, { error: 'must be the console origin, an http(s):// URL such as https://console.example' })
      .transform((value) => new URL(value).origin),
    /** What /healthz and /readyz report; defaults to the package version. */
    GOVCLOUD_VERSION: optional(
      z.string().regex(/^[\w.+-]{1,64}$/, { error: 'must be a short version label (letters, digits, . + - _)' }),
    ),
    // Agencies' kubeconfigs (docs/decisions/0012): the API server as agencies reach it, the CA that
    // signed its certificate, and the HTTPS issuer it trusts for the kubectl client.
    AGENCY_KUBE_API_URL: optional(
      z
        .string()
        .refine(isHttpsUrl, { error: 'must be the https:// URL of the Kubernetes API server as agencies reach it' }),
    ),
    AGENCY_KUBE_CA_FILE: optional(
      z.string().refine(isPemCertificateFile, {
        error: 'must be a readable PEM file of the CA that signed the API server certificate',
      }),
    ),
    AGENCY_KUBE_OIDC_ISSUER: optional(
      z.string().refine(isHttpsUrl, {
        error: 'must be the https:// realm URL the API server trusts (its authentication configuration)',
      }),
    ),
    AGENCY_KUBE_OIDC_CLIENT_ID: optional(z.string().min(1)).transform((value) => value ?? 'govcloud-kubectl'),
    AGENCY_KUBE_CLUSTER_NAME: optional(
      z.string().regex(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/, {
        error: 'must be a short lowercase name (letters, digits, -)',
      }),
    ).transform((value) => value ?? 'langson-govcloud'),
    ...metricsSettings,
    /** Where `npm run dev` writes which platform components are still starting (decision 0069); unset in a deployment. */
    PLATFORM_STARTUP_FILE: optional(z.string().min(1)),
    /** The reverse proxies whose X-Forwarded-For/-Proto are believed (decision 0031); none by default. */
    TRUSTED_PROXIES: trustedProxiesSetting,
    ...rateLimitSettings,
    ...bucketRestoreWaitSetting,
  })
  .superRefine((env, ctx) => {
    refineMetricsAuth(env, ctx)
    const set = AGENCY_KUBE_REQUIRED.filter((key) => env[key] !== undefined)
    if (set.length === 0 || set.length === AGENCY_KUBE_REQUIRED.length) return
    for (const key of AGENCY_KUBE_REQUIRED.filter((k) => env[k] === undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: [key],
        message: `is required when ${set.join(' and ')} ${set.length === 1 ? 'is' : 'are'} set (agencies' kubeconfigs)`,
      })
    }
  })

export type Env = z.infer<typeof envSchema>

export class ConfigError extends Error {
  readonly settings: string[]
  constructor(problems: { setting: string; message: string }[]) {
    super(
      `Invalid configuration: ${problems.map((p) => `${p.setting} ${p.message}`).join('; ')}. ` +
        'Set these environment variables and start again.',
    )
    this.name = 'ConfigError'
    this.settings = problems.map((p) => p.setting)
  }
}

/** Validates settings against a schema; throws ConfigError naming every bad one (never its value). */
export function parseSettings<T extends z.ZodType>(schema: T, source: Record<string, string | undefined>): z.infer<T> {
  const result = schema.safeParse(source)
  if (result.success) return result.data
  throw new ConfigError(
    result.error.issues.map((issue) => ({
      setting: issue.path.map(String).join('.') || '(environment)',
      message: issue.message,
    })),
  )
}

/** Validates a set of variables (process.env by default); throws ConfigError naming the bad ones. */
export function parseEnv(source: Record<string, string | undefined> = process.env): Env {
  return parseSettings(envSchema, source)
}

let cached: Env | undefined

/** The process's configuration, validated on first use (the server's entry calls it at start-up). */
export function getEnv(): Env {
  cached ??= parseEnv(process.env)
  return cached
}
