// Writing an hour of one project's use through the metering's one write path (plan, then append),
// as the job does, for tests that need stored records and rollups.
import type { Db } from '#server/db/client'
import { appendHour } from '#server/metering/append'
import { recordedHours, recordKey } from '#server/metering/facts'
import { planRevision, type HourValues } from '#server/metering/plan'
import { driverPoolOf } from './database'

/** Records `values` of `resource` as the hour's next revision (none if nothing changed); returns the rows appended. */
export async function meterResource(
  db: Db,
  projectId: string,
  resource: string,
  hour: Date,
  values: HourValues,
): Promise<number> {
  const current = (await recordedHours(db, [projectId], hour)).get(recordKey(projectId, resource))
  const planned = planRevision(current, values)
  return appendHour(driverPoolOf(db), hour, planned ? [{ projectId, resource, planned }] : [])
}

/** An hour of CPU: 4 vCPU granted, 1,5 requested, `used` millicores used (its peak the same). */
export const cpuReading = (used: bigint | null): HourValues => ({
  granted: 4000n,
  requested: 1500n,
  used,
  usedPeak: used,
  refusal: null,
})

/** The same for CPU. */
export const meterCpu = (db: Db, projectId: string, hour: Date, values: HourValues): Promise<number> =>
  meterResource(db, projectId, 'cpu', hour, values)

/** Marks an hour as passed over by the metering, as its job does once every page is written. */
export async function markMetered(db: Db, hour: Date): Promise<void> {
  await db.meteringHour.upsert({
    where: { hour },
    create: { hour, passes: 1, firstAt: hour, lastAt: hour, appended: 0 },
    update: { passes: { increment: 1 } },
  })
}
