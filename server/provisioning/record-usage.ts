// Usage recording: what each live project uses, as its ResourceQuota in the snapshot reports it,
// kept as the latest QuotaUsage rows (the "used" of the headroom pages). One statement per pass,
// and no call to the platform: the snapshot is read anyway.
import type * as k8s from '@kubernetes/client-node'
import type { Db } from '../db/client'
import { OBJECT_NAMES, isLive } from './desired'
import type { LoadedProject } from './intent'
import type { PlatformSnapshot } from './snapshot'
import { usageFromQuota } from './usage'

export async function recordQuotaUsage(
  db: Db,
  projects: readonly LoadedProject[],
  snapshot: PlatformSnapshot,
  observedAt: Date,
): Promise<number> {
  const ids: string[] = []
  const resources: string[] = []
  const amounts: string[] = []
  for (const { intent } of projects) {
    if (!isLive(intent)) continue
    const quota = snapshot.objects
      .get(intent.namespace)
      ?.find((o) => o.kind === 'ResourceQuota' && o.metadata?.name === OBJECT_NAMES.quota) as
      k8s.V1ResourceQuota | undefined
    for (const [resource, used] of usageFromQuota(quota?.status?.used)) {
      ids.push(intent.projectId)
      resources.push(resource)
      amounts.push(used.toString())
    }
  }
  if (ids.length === 0) return 0
  return db.$executeRaw`
    INSERT INTO "QuotaUsage" ("projectId", "resource", "used", "observedAt")
    SELECT u.id, u.resource, u.used, timezone('UTC', ${observedAt}::timestamptz)
      FROM unnest(${ids}::uuid[], ${resources}::text[], ${amounts}::bigint[]) AS u(id, resource, used)
    ON CONFLICT ("projectId", "resource") DO UPDATE SET "used" = EXCLUDED."used", "observedAt" = EXCLUDED."observedAt"`
}
