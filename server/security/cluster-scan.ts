// The cluster scan (issue 13, decision 0039): every namespace the console manages, found by its
// ownership labels and its project by namespace in the database, with every object of the kinds
// the CEL rules judge, against the rules and GC-NS-01 at the namespace's level. A full scan speaks
// for every namespace (a project's namespace that is gone, or no longer the console's, has its
// findings resolved); a scan of one namespace, after a change the watch saw, touches no other.
import type * as k8s from '@kubernetes/client-node'
import type { Db } from '../db/client'
import { ownerOfLabels } from '../domain/ownership-labels'
import { SECURITY_LEVELS, type SecurityLevel } from '../domain/project'
import { FIELD_MANAGER } from '../platform/kubernetes/connection'
import type { LevelSettings } from './catalogue/level-settings'
import { CLUSTER_CHECK_IDS, clusterObservations, levelOf, type ScannedNamespace } from './cluster-checks'
import { readCluster, type ClusterRead } from './cluster-read'
import type { KubeObject } from './evaluate'
import type { JudgementMemo } from './judgement-memo'
import { recordFindings, type Observation } from './findings'
import type { ReportPublisher } from './namespace-reports'
import { runScan, withReports, type ScanRun } from './scan-runs'

export interface ClusterScanDeps {
  readonly db: Db
  /** The API server as the console (decision 0026), with the scan's read-only role. */
  readonly kubeConfig: k8s.KubeConfig
  /** A level's settings where the data centre changed them; the catalogue's defaults otherwise. */
  readonly levelSettings?: (level: SecurityLevel) => LevelSettings | undefined
  /** Writes the reports of the namespaces scanned (decision 0042); absent: none are written. */
  readonly publish?: ReportPublisher
  /** The worker's memory of what the rules said about unchanged objects; absent: every object judged. */
  readonly memo?: JudgementMemo
  readonly now?: () => Date
}

/** The namespaces read that are their project's: labelled by the console for the project that has that namespace. */
async function scannedNamespaces(db: Db, read: ClusterRead): Promise<ScannedNamespace[]> {
  const names = read.namespaces.map((n) => n.metadata.name)
  const projects = await db.project.findMany({
    where: { namespace: { in: names } },
    select: { id: true, agencyId: true, namespace: true, securityLevel: true },
  })
  const byNamespace = new Map(projects.map((p) => [p.namespace, p]))
  return read.namespaces.flatMap((object) => {
    const project = byNamespace.get(object.metadata.name)
    const level = SECURITY_LEVELS.find((l) => l === project?.securityLevel)
    if (!project || !level || ownerOfLabels(object.metadata.labels, FIELD_MANAGER, project.id) !== 'ours') return []
    const securityLevel = levelOf(object, level)
    const ref = { projectId: project.id, agencyId: project.agencyId, namespace: project.namespace, securityLevel }
    return [{ object, project: ref }]
  })
}

/** Observations of every scanned namespace, each with its own objects. */
function observe(deps: ClusterScanDeps, read: ClusterRead, scanned: readonly ScannedNamespace[]) {
  const byNamespace = new Map<string, KubeObject[]>(scanned.map((s) => [s.object.metadata.name, []]))
  let objects = 0
  for (const object of read.objects) {
    const bucket = byNamespace.get(object.metadata.namespace ?? '')
    if (bucket) {
      bucket.push(object)
      objects++
    }
  }
  const judgement = { platform: read.platform, levelSettings: deps.levelSettings, memo: deps.memo }
  const seen: Observation[] = scanned.flatMap((s) =>
    clusterObservations(s, byNamespace.get(s.object.metadata.name) ?? [], judgement),
  )
  return { seen, subjects: scanned.length + objects }
}

/** The full scan: every namespace the console manages, every judged kind listed once cluster-wide. */
export function scanCluster(deps: ClusterScanDeps): Promise<ScanRun> {
  return runScan(deps.db, 'cluster', async () => {
    const now = deps.now?.() ?? new Date()
    const read = await readCluster(deps.kubeConfig)
    const scanned = await scannedNamespaces(deps.db, read)
    const { seen, subjects } = observe(deps, read, scanned)
    // Every object was read: what the memo holds of any other is gone from the cluster.
    deps.memo?.keepOnly(new Set(read.objects.flatMap((o) => (o.metadata.uid ? [o.metadata.uid] : []))))
    const recorded = await recordFindings(deps.db, { checkIds: CLUSTER_CHECK_IDS }, seen, now)
    return { subjects, recorded, namespaces: scanned.map((s) => s.project.namespace) }
  }).then(withReports(deps.publish))
}

/** One namespace again, after a change in it; a namespace gone or no longer managed has its findings resolved. */
export function scanNamespace(deps: ClusterScanDeps, namespace: string): Promise<ScanRun> {
  return runScan(deps.db, 'namespace', async () => {
    const now = deps.now?.() ?? new Date()
    const read = await readCluster(deps.kubeConfig, namespace)
    const scanned = await scannedNamespaces(deps.db, read)
    const { seen, subjects } = observe(deps, read, scanned)
    const scope = { checkIds: CLUSTER_CHECK_IDS, namespaces: [namespace] }
    const recorded = await recordFindings(deps.db, scope, seen, now)
    return { subjects, recorded, namespaces: [namespace] }
  }).then(withReports(deps.publish))
}
