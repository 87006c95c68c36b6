import { parseAuditSettings, type AuditReader } from '../audit/settings'
import type { TrustedProxies } from '../config/trusted-proxies'
import type { Db } from '../db/client'
import type { CatalogueSettings } from '../domain/resources'
import type { ApprovalPolicy } from '../domain/security-policy'
import type { BearerVerifier } from '../identity/bearer'
import type { Principal } from '../identity/principal'
import type { Locale } from '../i18n/format'
import type { Guard } from './auth'
import type { ApiLimiters } from './limits'

/** What the API needs from the outside: given by the Remix route in the console, by tests directly. */
export type ApiDeps = {
  db: Db
  /** Verifies `Authorization` (see createBearerVerifier, anyAudience). */
  verifyBearer: BearerVerifier
  /** A fixed approval policy (tests); unset: the version in force, read at each call (decision 0049). */
  policy?: ApprovalPolicy
  /** The resource catalogue, or how to read it (storage classes are data: see loadCatalogue). */
  catalogue: CatalogueSettings | ((db: Db) => Promise<CatalogueSettings>)
  now?: () => Date
  /** The callers' rate limits (createApiDeps always gives them; without, calls are not limited). */
  limits?: ApiLimiters
  /** Whose X-Forwarded-For to believe for the client's address (without: the address is not known). */
  trustedProxies?: TrustedProxies
  /** Namespace names the platform keeps (tests); unset: the policy version in force. */
  reservedNamespaces?: readonly string[]
  /** The audit trail's settings and public key, read on first use (createApiDeps always gives them). */
  audit?: () => AuditReader
  /** How long a bucket restore's copy is waited for before 202 (decision 0076); unset: the default. */
  bucketRestoreWaitMs?: number
}

/** What an operation's handler gets: the caller resolved, the path parameters matched. */
export type OperationContext = {
  request: Request
  url: URL
  params: Readonly<Record<string, string>>
  deps: ApiDeps
  principal: Principal
  guard: Guard
  locale: Locale
  now: Date
  /** `/api/v1`, as the caller reached it (for Location headers). */
  basePath: string
}

/** Where an API call came from, for its audit entry: the client's address and user agent. */
export const originOf = (context: OperationContext) => context.guard.origin

export type Operation = (context: OperationContext) => Promise<Response>

export async function catalogueOf(deps: ApiDeps): Promise<CatalogueSettings> {
  return typeof deps.catalogue === 'function' ? deps.catalogue(deps.db) : deps.catalogue
}

const NO_KEY: AuditReader = { settings: parseAuditSettings({}), publicKey: null }

/** The audit trail's settings and public key, or none (the API was built without). */
export function auditReaderOf(deps: ApiDeps): AuditReader {
  return deps.audit?.() ?? NO_KEY
}
