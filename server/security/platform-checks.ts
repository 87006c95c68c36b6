// The platform checks as rules over what the probes saw (no I/O). A fact a probe could not get is
// null, and its check is then not evaluated: the scan says so rather than pass or fail it.
import { SECURITY_LEVELS } from '../domain/project'
import { checkById } from './catalogue'
import type { FindingDetail, Observation } from './findings'

export const PLATFORM_CHECK_IDS = ['GC-PLT-01', 'GC-PLT-02', 'GC-PLT-03', 'GC-PLT-04', 'GC-PLT-05'] as const
export type PlatformCheckId = (typeof PLATFORM_CHECK_IDS)[number]

export interface Probed {
  /** What was asked, and the HTTP status it got (0: no answer). */
  readonly target: string
  readonly status: number
}

export interface PlatformFacts {
  /** Resource paths of the API server asked without credentials. */
  readonly anonymousReads: readonly Probed[] | null
  /** Bindings that grant something to system:anonymous or system:unauthenticated. */
  readonly anonymousBindings: readonly string[] | null
  /** The API server's /metrics text. */
  readonly metrics: string | null
  /** The API server's /flagz text. */
  readonly flagz: string | null
  /** The object storage asked without a signature: S3 and the filer's HTTP API. */
  readonly storageReads: readonly Probed[] | null
  /** The audit trail: its last checkpoint as the console reads it (server/audit/integrity.ts), and how many entries it has. */
  readonly trail: {
    readonly last: { readonly number: number; readonly createdAt: Date | null; readonly stale: boolean } | null
    readonly entries: number
  } | null
  readonly now: Date
}

/** Bindings to anonymous users that Kubernetes itself makes: /version, /healthz, /livez, /readyz. */
export const DEFAULT_ANONYMOUS_BINDINGS: readonly string[] = ['ClusterRoleBinding/system:public-info-viewer']

const ANONYMOUS = [
  ['User', 'system:anonymous'],
  ['Group', 'system:unauthenticated'],
] as const

/** A binding's name, as DEFAULT_ANONYMOUS_BINDINGS writes it, when it names an anonymous subject. */
export function anonymousBinding(binding: {
  readonly kind: 'ClusterRoleBinding' | 'RoleBinding'
  readonly namespace?: string
  readonly name: string
  readonly roleRef: string
  readonly subjects: ReadonlyArray<{ readonly kind: string; readonly name: string }>
}): string | null {
  const anonymous = binding.subjects.some((s) => ANONYMOUS.some(([kind, name]) => s.kind === kind && s.name === name))
  if (!anonymous) return null
  return binding.kind === 'ClusterRoleBinding'
    ? `ClusterRoleBinding/${binding.name}`
    : `RoleBinding/${binding.namespace}/${binding.name}`
}

/** Prometheus text: the sum of a metric's samples, by its labels' text; absent: no sample. */
export function metricSamples(text: string, metric: string): Map<string, number> {
  const samples = new Map<string, number>()
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(\{[^}]*\})?\s+(\S+)/.exec(line)
    if (match && match[1] === metric) samples.set(match[2] ?? '', Number(match[3]))
  }
  return samples
}

/**
 * /flagz's "name<sep>value" lines. The separator is one of ":", ": ", "=" or " ", chosen at random
 * by each API server process (it does not want to be scraped); flag names hold none of them.
 */
export function parseFlagz(text: string): Map<string, string> {
  const flags = new Map<string, string>()
  for (const line of text.split('\n')) {
    const match = /^([a-z0-9][a-z0-9-]*)(?:: |:|=| )(.*)$/.exec(line.trim())
    if (match) flags.set(match[1]!, match[2]!.trim())
  }
  return flags
}

const ok = (p: Probed) => p.status >= 200 && p.status < 300
const list = (values: readonly string[]) => [...values]

function anonymousApi(facts: PlatformFacts): FindingDetail | null | undefined {
  if (!facts.anonymousReads || !facts.anonymousBindings) return undefined
  const reads = facts.anonymousReads.filter(ok).map((p) => p.target)
  const bindings = facts.anonymousBindings.filter((b) => !DEFAULT_ANONYMOUS_BINDINGS.includes(b))
  return reads.length || bindings.length ? { reads: list(reads), bindings: list(bindings) } : null
}

/** Auditing is on when the API server has counted audit events (the counter stays 0 without a policy and a backend). */
function apiAudit(facts: PlatformFacts): FindingDetail | null | undefined {
  if (facts.metrics === null) return undefined
  const events = [...metricSamples(facts.metrics, 'apiserver_audit_event_total').values()].reduce((a, b) => a + b, 0)
  const levels = metricSamples(facts.metrics, 'apiserver_audit_level_total')
  const audited = [...levels].filter(([labels]) => !labels.includes('"None"')).reduce((a, [, n]) => a + n, 0)
  const errors = [...metricSamples(facts.metrics, 'apiserver_audit_error_total').values()].reduce((a, b) => a + b, 0)
  // Errors are told, not judged: the counters only grow, so one lost event would stay a finding.
  if (events > 0 && audited > 0) return null
  return { auditEvents: events, auditedRequests: audited, auditErrors: errors }
}

/** Authenticators other than client certificates and the data centre's HTTPS sign-in. */
function foreignCredentials(facts: PlatformFacts): FindingDetail | null | undefined {
  if (facts.flagz === null) return undefined
  const flags = parseFlagz(facts.flagz)
  if (flags.size === 0) return undefined
  const problems: string[] = []
  if (flags.get('token-auth-file')) problems.push('token-auth-file')
  if (/^http:/i.test(flags.get('oidc-issuer-url') ?? '')) problems.push('oidc-issuer-url over http')
  if (flags.get('enable-bootstrap-token-auth') === 'true') problems.push('enable-bootstrap-token-auth')
  if ((flags.get('authorization-mode') ?? '').includes('AlwaysAllow')) problems.push('authorization-mode AlwaysAllow')
  return problems.length ? { flags: problems } : null
}

function anonymousStorage(facts: PlatformFacts): FindingDetail | null | undefined {
  if (!facts.storageReads) return undefined
  const open = facts.storageReads.filter(ok).map((p) => p.target)
  return open.length ? { reads: open } : null
}

/** Stale by the audit trail's own rule (two intervals and a minute, or a signature that does not hold). */
function staleTrail(facts: PlatformFacts): FindingDetail | null | undefined {
  const trail = facts.trail
  if (!trail) return undefined
  const last = trail.last
  if (!last) return trail.entries > 0 ? { lastCheckpoint: 'none', entries: trail.entries } : null
  if (!last.stale) return null
  return {
    lastCheckpoint: last.number,
    createdAt: last.createdAt ? last.createdAt.toISOString() : 'signature does not hold',
    ...(last.createdAt ? { ageSeconds: Math.floor((facts.now.getTime() - last.createdAt.getTime()) / 1000) } : {}),
  }
}

const RULES: Record<
  PlatformCheckId,
  { kind: string; name: string; rule: (f: PlatformFacts) => FindingDetail | null | undefined }
> = {
  'GC-PLT-01': { kind: 'ApiServer', name: 'kube-apiserver', rule: anonymousApi },
  'GC-PLT-02': { kind: 'ApiServer', name: 'kube-apiserver', rule: apiAudit },
  'GC-PLT-03': { kind: 'ApiServer', name: 'kube-apiserver', rule: foreignCredentials },
  'GC-PLT-04': { kind: 'ObjectStorage', name: 'seaweedfs', rule: anonymousStorage },
  'GC-PLT-05': { kind: 'AuditTrail', name: 'audit-trail', rule: staleTrail },
}

export interface PlatformVerdict {
  /** The checks that could be evaluated (the scan's scope). */
  readonly evaluated: PlatformCheckId[]
  readonly unknown: PlatformCheckId[]
  readonly observations: Observation[]
}

/** Each platform check over the facts: a platform finding concerns no project and no level. */
export function platformObservations(facts: PlatformFacts): PlatformVerdict {
  const verdict: PlatformVerdict = { evaluated: [], unknown: [], observations: [] }
  for (const id of PLATFORM_CHECK_IDS) {
    const { kind, name, rule } = RULES[id]
    const detail = rule(facts)
    if (detail === undefined) {
      verdict.unknown.push(id)
      continue
    }
    verdict.evaluated.push(id)
    // The same severity at every level (catalogue/platform.ts): read it at the first.
    const severity = checkById(id)?.levels[SECURITY_LEVELS[0]]?.severity
    if (detail && severity)
      verdict.observations.push({
        checkId: id,
        subject: { kind, namespace: '', name },
        projectId: null,
        agencyId: null,
        securityLevel: null,
        severity,
        detail,
      })
  }
  return verdict
}
