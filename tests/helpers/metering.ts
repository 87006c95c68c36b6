// Writing an hour of one project's CPU through the metering's one write path (plan, then append),
// as the job does, for tests that need stored records and rollups.
import type { Db } from '#server/db/client'
import { appendHour } from '#server/metering/append'
import { recordedHours, recordKey } from '#server/metering/facts'
import { planRevision, type HourValues } from '#server/metering/plan'

/** Records `values` as the hour's next revision (none if nothing changed); returns the rows appended. */
export async function meterCpu(db: Db, projectId: string, hour: Date, values: HourValues): Promise<number> {
  const current = (await recordedHours(db, [projectId], hour)).get(recordKey(projectId, 'cpu'))
  const planned = planRevision(current, values)
  return appendHour(db, hour, planned ? [{ projectId, resource: 'cpu', planned }] : [])
}
