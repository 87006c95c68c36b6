// A project's open findings as an OpenReports Report in its namespace (issue 13, decision 0042):
// what `kubectl get reports` shows the agency's staff, built from the findings the console keeps.
// Pure: the findings, the project's waivers and the time in, the object to apply out.
import { LABELS } from '../domain/ownership-labels'
import { isMessageKey, translate } from '../i18n'
import { FIELD_MANAGER } from '../platform/kubernetes/connection'
import { checkById, compareSeverity, type Severity } from './catalogue'
import { dueAt, findingStatus, waivedUntil, type FindingFacts, type WaiverFacts } from './finding-status'
import { RULE_RESOURCES } from './rules'

export const REPORT_API = { group: 'openreports.io', version: 'v1alpha1', plural: 'reports', kind: 'Report' } as const
/** One report per namespace, the console's, beside whatever other producers write there. */
export const REPORT_NAME = 'govcloud-security'
/** On the report: how many findings did not fit in it. */
export const RESULTS_OMITTED_ANNOTATION = 'govcloud.langson.gov.vn/results-omitted'

/**
 * What a report may hold. The API server stores an object in etcd, whose default request limit
 * is 1.5 MiB; a result is about 1 KiB (the check's words and remediation in two languages), so
 * 500 fit in the bytes with room to spare, and a detail that runs long meets the bytes' bound
 * first. The most urgent are listed; the rest are counted.
 */
export const MAX_RESULTS = 500
export const MAX_RESULTS_BYTES = 1024 * 1024
/** A single value (a CEL message, a list of containers) is cut here, so one result cannot fill the report. */
const MAX_VALUE_CHARS = 1000

export type ReportResultValue = 'fail' | 'skip'

/** A finding as the report reads it (a SecurityFinding row). */
export interface ReportedFinding extends FindingFacts {
  readonly lastSeenAt: Date
  readonly securityLevel: number | null
  readonly detail: unknown
}

export interface ObjectReference {
  readonly apiVersion?: string
  readonly kind: string
  readonly namespace?: string
  readonly name: string
}

export interface ReportResult {
  readonly source: string
  readonly policy: string
  readonly category: string
  readonly severity: Severity
  readonly result: ReportResultValue
  readonly timestamp: { readonly seconds: number; readonly nanos: number }
  readonly resources: readonly ObjectReference[]
  readonly message: string
  readonly properties: Readonly<Record<string, string>>
}

export interface NamespaceReport {
  readonly apiVersion: string
  readonly kind: 'Report'
  readonly metadata: {
    readonly name: string
    readonly namespace: string
    readonly labels: Readonly<Record<string, string>>
    readonly annotations: Readonly<Record<string, string>>
  }
  readonly source: string
  readonly scope: ObjectReference
  readonly configuration: { readonly limits: { readonly maxResults: number; readonly statusFilter: string[] } }
  readonly summary: {
    readonly pass: number
    readonly fail: number
    readonly warn: number
    readonly error: number
    readonly skip: number
  }
  readonly results: readonly ReportResult[]
}

/** The Kubernetes kinds the scanner reads, by kind: a result names its subject as kubectl would. */
const API_VERSIONS = new Map<string, string>([
  ['Namespace', 'v1'],
  ...RULE_RESOURCES.map((r) => [r.kind, r.group ? `${r.group}/${r.version}` : r.version] as const),
])

/** Vietnamese first, then English, as the CEL rules' messages are. */
function bilingual(key: string, fallback: string): string {
  if (!isMessageKey(key)) return fallback
  return `${translate('vi', key)} — ${translate('en', key)}`
}

const cut = (value: string) => (value.length > MAX_VALUE_CHARS ? `${value.slice(0, MAX_VALUE_CHARS - 1)}…` : value)

/** The finding's detail as properties: each field under detail.<name>, lists joined. */
function detailProperties(detail: unknown): Record<string, string> {
  if (detail === null || typeof detail !== 'object' || Array.isArray(detail)) return {}
  return Object.fromEntries(
    Object.entries(detail as Record<string, unknown>).map(([key, value]) => [
      `detail.${key}`,
      cut(Array.isArray(value) ? value.join(', ') : String(value)),
    ]),
  )
}

function subjectOf(finding: ReportedFinding): ObjectReference {
  const apiVersion = API_VERSIONS.get(finding.subjectKind)
  return {
    ...(apiVersion ? { apiVersion } : {}),
    kind: finding.subjectKind,
    ...(finding.subjectNamespace ? { namespace: finding.subjectNamespace } : {}),
    name: finding.subjectName,
  }
}

/** One finding as one result: open and overdue ones fail, waived ones are skipped, saying until when. */
export function reportResult(finding: ReportedFinding, waivers: readonly WaiverFacts[], now: Date): ReportResult {
  const status = findingStatus(finding, waivers, now)
  const until = status === 'waived' ? waivedUntil(finding, waivers, now) : null
  const check = checkById(finding.checkId)
  const seconds = Math.floor(finding.firstSeenAt.getTime() / 1000)
  return {
    source: FIELD_MANAGER,
    policy: finding.checkId,
    category: check ? bilingual(`check.group.${check.group}`, check.group) : '',
    severity: finding.severity,
    result: status === 'waived' ? 'skip' : 'fail',
    timestamp: { seconds, nanos: 0 },
    resources: [subjectOf(finding)],
    message: bilingual(`check.${finding.checkId}.title`, finding.checkId),
    properties: {
      status,
      firstSeen: finding.firstSeenAt.toISOString(),
      lastSeen: finding.lastSeenAt.toISOString(),
      ...(until ? { waivedUntil: until.toISOString() } : { dueAt: dueAt(finding).toISOString() }),
      ...(finding.securityLevel === null ? {} : { securityLevel: String(finding.securityLevel) }),
      ...detailProperties(finding.detail),
      remediation: cut(bilingual(`check.${finding.checkId}.remediation`, '')),
    },
  }
}

const STATUS_ORDER: Record<string, number> = { overdue: 0, open: 1, waived: 2 }

/** What to fix first comes first: to fix before waived, overdue, most severe, longest open. */
function byUrgency(a: ReportResult, b: ReportResult): number {
  return (
    STATUS_ORDER[a.properties.status!]! - STATUS_ORDER[b.properties.status!]! ||
    compareSeverity(a.severity, b.severity) ||
    a.timestamp.seconds - b.timestamp.seconds ||
    a.policy.localeCompare(b.policy) ||
    JSON.stringify(a.resources).localeCompare(JSON.stringify(b.resources))
  )
}

/** The most urgent results that fit within both bounds. */
function withinBounds(sorted: readonly ReportResult[]): ReportResult[] {
  const kept: ReportResult[] = []
  let bytes = 0
  for (const result of sorted) {
    if (kept.length === MAX_RESULTS) break
    bytes += Buffer.byteLength(JSON.stringify(result)) + 1
    if (bytes > MAX_RESULTS_BYTES) break
    kept.push(result)
  }
  return kept
}

export interface ReportInput {
  readonly namespace: string
  readonly projectId: string
  /** The project's unresolved findings (resolved ones are not reported). */
  readonly findings: readonly ReportedFinding[]
  /** The project's waivers (only approved, unexpired ones count). */
  readonly waivers: readonly WaiverFacts[]
  readonly now: Date
}

/** The namespace's report: every open finding counted in the summary, the most urgent listed. */
export function namespaceReport(input: ReportInput): NamespaceReport {
  const all = input.findings
    .filter((f) => f.resolvedAt === null)
    .map((f) => reportResult(f, input.waivers, input.now))
    .sort(byUrgency)
  const results = withinBounds(all)
  const skip = all.filter((r) => r.result === 'skip').length
  return {
    apiVersion: `${REPORT_API.group}/${REPORT_API.version}`,
    kind: REPORT_API.kind,
    metadata: {
      name: REPORT_NAME,
      namespace: input.namespace,
      labels: { [LABELS.managedBy]: FIELD_MANAGER, [LABELS.projectId]: input.projectId },
      annotations: { [RESULTS_OMITTED_ANNOTATION]: String(all.length - results.length) },
    },
    source: FIELD_MANAGER,
    scope: { apiVersion: 'v1', kind: 'Namespace', name: input.namespace },
    configuration: { limits: { maxResults: MAX_RESULTS, statusFilter: ['fail', 'skip'] } },
    summary: { pass: 0, fail: all.length - skip, warn: 0, error: 0, skip },
    results,
  }
}
