// Publishes each project's open findings as the OpenReports Report in its namespace (issue 13,
// decision 0042), so that the agency's staff see them with kubectl as well as on the project page.
// The scans call it for the namespaces they touched, once their findings are recorded; it reads
// the findings from the database (the source of truth), never from the scan's memory, so a report
// is the same whichever scan wrote it last. It runs as the console's identity (decision 0026),
// which may write only this report, only in the namespaces it made.
import type { Db } from '../db/client'
import { customObjects, type CustomObjects } from '../platform/kubernetes/custom-objects'
import type { KubernetesConnection } from '../platform/kubernetes/connection'
import { PlatformError } from '../platform/errors'
import { WAIVER_FACT_COLUMNS, type WaiverFacts } from './finding-status'
import { mapLimited } from './map-limited'
import { REPORT_API, REPORT_NAME, namespaceReport, type ReportedFinding } from './namespace-report'

export interface ReportDeps {
  readonly db: Db
  /** The API server as the console. */
  readonly kube: KubernetesConnection
  readonly now?: () => Date
}

export interface PublishedReports {
  /** Namespaces whose report was applied. */
  readonly published: readonly string[]
  /** Results left out of the reports for their size, in all. */
  readonly omitted: number
  /** Namespaces no project has: nothing is written there. */
  readonly notProjects: readonly string[]
  /** Projects whose namespace is not there (not provisioned yet, or torn down): nothing to write in. */
  readonly absent: readonly string[]
  /** Namespaces whose report could not be applied (refused, the API server down). */
  readonly failed: ReadonlyArray<{ readonly namespace: string; readonly error: string }>
}

/** What a scan is given to publish the reports of the namespaces it spoke for. */
export type ReportPublisher = (namespaces: readonly string[]) => Promise<PublishedReports>

/** Reports applied at once: the API server is shared with the reconciler and the tenants. */
const APPLY_CONCURRENCY = 4

const FINDING_COLUMNS = {
  projectId: true,
  checkId: true,
  subjectKind: true,
  subjectNamespace: true,
  subjectName: true,
  severity: true,
  securityLevel: true,
  detail: true,
  firstSeenAt: true,
  lastSeenAt: true,
  resolvedAt: true,
} as const

function groupBy<T>(rows: readonly T[], key: (row: T) => string | null): Map<string, T[]> {
  const groups = new Map<string, T[]>()
  for (const row of rows) {
    const k = key(row)
    if (k === null) continue
    const group = groups.get(k)
    if (group) group.push(row)
    else groups.set(k, [row])
  }
  return groups
}

/** What the reports of these projects are built from, in three reads whatever their number. */
async function readFacts(db: Db, namespaces: readonly string[], now: Date) {
  const projects = await db.project.findMany({
    where: { namespace: { in: [...namespaces] } },
    select: { id: true, namespace: true },
  })
  const ids = projects.map((p) => p.id)
  const [findings, waivers] = await Promise.all([
    db.securityFinding.findMany({ where: { projectId: { in: ids }, resolvedAt: null }, select: FINDING_COLUMNS }),
    db.securityWaiver.findMany({
      where: { projectId: { in: ids }, state: 'approved', expiresAt: { gt: now } },
      select: WAIVER_FACT_COLUMNS,
    }),
  ])
  return {
    projects,
    findings: groupBy<ReportedFinding>(findings, (f) => f.projectId),
    waivers: groupBy<WaiverFacts>(waivers, (w) => w.projectId),
  }
}

type Outcome =
  | { readonly namespace: string; readonly state: 'published'; readonly omitted: number }
  | { readonly namespace: string; readonly state: 'absent' }
  | { readonly namespace: string; readonly state: 'failed'; readonly error: string }

async function applyReport(
  reports: CustomObjects,
  project: { id: string; namespace: string },
  facts: Awaited<ReturnType<typeof readFacts>>,
  now: Date,
): Promise<Outcome> {
  const { namespace } = project
  const report = namespaceReport({
    namespace,
    projectId: project.id,
    findings: facts.findings.get(project.id) ?? [],
    waivers: facts.waivers.get(project.id) ?? [],
    now,
  })
  try {
    await reports.apply(namespace, REPORT_NAME, report)
    return { namespace, state: 'published', omitted: report.summary.fail + report.summary.skip - report.results.length }
  } catch (error) {
    if (!(error instanceof PlatformError)) throw error
    // The API server answers a write into a namespace that does not exist with 404.
    if (error.kind === 'not_found') return { namespace, state: 'absent' }
    return { namespace, state: 'failed', error: error.message }
  }
}

/**
 * Writes the report of each of these namespaces from the findings as they are now. A namespace
 * that fails does not stop the others; it is named in the answer, and the next publication
 * writes it whole again.
 */
export async function publishNamespaceReports(
  deps: ReportDeps,
  namespaces: readonly string[],
): Promise<PublishedReports> {
  const wanted = [...new Set(namespaces)]
  const now = deps.now?.() ?? new Date()
  const facts = wanted.length === 0 ? null : await readFacts(deps.db, wanted, now)
  const reports = customObjects(deps.kube, REPORT_API)
  const outcomes = facts
    ? await mapLimited(facts.projects, APPLY_CONCURRENCY, (project) => applyReport(reports, project, facts, now))
    : []
  const known = new Set(outcomes.map((o) => o.namespace))
  return {
    published: outcomes.flatMap((o) => (o.state === 'published' ? [o.namespace] : [])),
    omitted: outcomes.reduce((sum, o) => sum + (o.state === 'published' ? o.omitted : 0), 0),
    notProjects: wanted.filter((ns) => !known.has(ns)),
    absent: outcomes.flatMap((o) => (o.state === 'absent' ? [o.namespace] : [])),
    failed: outcomes.flatMap((o) => (o.state === 'failed' ? [{ namespace: o.namespace, error: o.error }] : [])),
  }
}

/** The publisher the scans are given: the reports written as the console. */
export function reportPublisher(deps: ReportDeps): ReportPublisher {
  return (namespaces) => publishNamespaceReports(deps, namespaces)
}
