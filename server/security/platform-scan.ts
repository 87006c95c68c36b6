// The platform scan (issue 13): the API server, the object storage and the audit trail as they
// actually run, against GC-PLT-01..05. A check whose facts could not be gathered is left out of
// the scan's scope (its open finding stays as last seen) and the run's row says why.
import { recordFindings } from './findings'
import { platformObservations } from './platform-checks'
import { probePlatform, type PlatformProbeDeps } from './platform-probes'
import { runScan, type ScanRun } from './scan-runs'

export async function scanPlatform(deps: PlatformProbeDeps): Promise<ScanRun> {
  return runScan(deps.db, 'platform', async () => {
    const { facts, problems } = await probePlatform(deps)
    const verdict = platformObservations(facts)
    const recorded = await recordFindings(deps.db, { checkIds: verdict.evaluated }, verdict.observations, facts.now)
    const partial =
      verdict.unknown.length > 0 ? `not evaluated: ${verdict.unknown.join(', ')} (${problems.join('; ')})` : undefined
    return { subjects: verdict.evaluated.length, recorded, ...(partial ? { partial } : {}) }
  })
}
