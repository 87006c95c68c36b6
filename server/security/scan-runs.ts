// One run of a scan over one source, kept as a SecurityScan row: started, finished, how many
// subjects it read, what it opened and resolved, or why it did not finish. A scan that failed
// records no findings: a storage that did not answer must not resolve what it could not see. A
// run that finished publishes the reports of the namespaces it spoke for (decision 0042).
import type { Db } from '../db/client'
import type { RecordedFindings } from './findings'
import type { PublishedReports, ReportPublisher } from './namespace-reports'

export type ScanSource = 'storage' | 'keys' | 'platform' | 'cluster' | 'namespace'

export interface ScanOutcome {
  readonly subjects: number
  readonly recorded: RecordedFindings
  /** Part of the source that could not be read (the rest was recorded), without secrets. */
  readonly partial?: string
  /** The project namespaces the run spoke for: their reports are written again. */
  readonly namespaces?: readonly string[]
}

export interface ScanRun extends ScanOutcome {
  readonly scanId: bigint
  /** What publishing the namespaces' reports did, when the scan was given a publisher. */
  readonly reports?: PublishedReports
}

/** Runs `scan` as one SecurityScan row; a failure is written on the row and thrown on. */
export async function runScan(db: Db, source: ScanSource, scan: () => Promise<ScanOutcome>): Promise<ScanRun> {
  const row = await db.securityScan.create({ data: { source, startedAt: new Date() }, select: { id: true } })
  try {
    const outcome = await scan()
    await db.securityScan.update({
      where: { id: row.id },
      data: {
        finishedAt: new Date(),
        subjects: outcome.subjects,
        opened: outcome.recorded.opened,
        resolved: outcome.recorded.resolved,
        error: outcome.partial ?? null,
      },
    })
    return { scanId: row.id, ...outcome }
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    await db.securityScan.update({
      where: { id: row.id },
      data: { finishedAt: new Date(), error: message.slice(0, 1000) },
    })
    throw error
  }
}

/**
 * After a run that finished: the reports of the namespaces it spoke for, written from the findings
 * it recorded (`runScan(...).then(withReports(publish))`); nothing without a publisher.
 */
export function withReports(publish: ReportPublisher | undefined): (run: ScanRun) => Promise<ScanRun> {
  return async (run) => {
    const namespaces = run.namespaces ?? []
    if (!publish || namespaces.length === 0) return run
    return { ...run, reports: await publish(namespaces) }
  }
}
