// The status upsert: what a pass found becomes one ProvisioningStatus row (generation, observed
// hash, conditions with their transition times), written in one statement for one project or a
// whole batch. status.ts reads these rows for the console.
import type { Db } from '../db/client'
import { conditionsWithTimes } from './conditions'
import type { Condition, LoadedProject, StoredStatus } from './intent'
import type { PassResult } from './pass-result'

/** A ProvisioningStatus row as written (JSON-ready). */
export interface StatusRow {
  projectId: string
  phase: string
  conditions: Condition[]
  generation: number
  desiredHash: string | null
  observed: boolean
  observedHash: string | null
  lastReconciledAt: string
  lastSucceededAt: string | null
  lastError: string | null
  lastWrites: number
  driftDetected: boolean
  lastDriftAt: string | null
  details: unknown
  endedAt: string | null
  deleteAfter: string | null
  deletedAt: string | null
}

export function statusRow(loaded: LoadedProject, pass: PassResult, writes: number, now: Date): StatusRow {
  const previous: StoredStatus | null = loaded.status
  const hashChanged = pass.hash !== null && pass.hash !== previous?.desiredHash
  const generation = (previous?.generation ?? 0) + (hashChanged ? 1 : 0)
  const observed = pass.ok && pass.hash !== null
  const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null)
  return {
    projectId: loaded.intent.projectId,
    phase: pass.phase,
    conditions: conditionsWithTimes(previous?.conditions ?? [], pass.conditions, now),
    generation,
    desiredHash: pass.hash ?? previous?.desiredHash ?? null,
    observed,
    observedHash: observed ? pass.hash : null,
    lastReconciledAt: now.toISOString(),
    lastSucceededAt: pass.ok ? now.toISOString() : null,
    lastError: pass.error?.message ?? null,
    lastWrites: writes,
    driftDetected: pass.drift.length > 0,
    lastDriftAt: pass.drift.length > 0 ? now.toISOString() : null,
    details: JSON.parse(JSON.stringify(pass.details, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))),
    endedAt: iso(pass.ended?.endedAt),
    deleteAfter: iso(pass.ended?.deleteAfter),
    deletedAt: iso(pass.ended?.deletedAt),
  }
}

/** Status rows in one statement (an upsert from a JSON array): one per pass, or one per batch. */
export async function writeStatuses(db: Db, rows: readonly StatusRow[]): Promise<void> {
  if (rows.length === 0) return
  await db.$executeRaw`
    INSERT INTO "ProvisioningStatus" ("projectId", "phase", "conditions", "generation", "desiredHash", "observedGeneration", "observedHash",
      "lastReconciledAt", "lastSucceededAt", "lastError", "lastWrites", "driftDetected", "lastDriftAt", "details", "endedAt", "deleteAfter", "deletedAt", "updatedAt")
    SELECT r."projectId"::uuid, r."phase", r."conditions", r."generation", r."desiredHash", CASE WHEN r."observed" THEN r."generation" ELSE 0 END, r."observedHash",
      timezone('UTC', r."lastReconciledAt"), timezone('UTC', r."lastSucceededAt"), r."lastError", r."lastWrites", r."driftDetected", timezone('UTC', r."lastDriftAt"),
      r."details", timezone('UTC', r."endedAt"), timezone('UTC', r."deleteAfter"), timezone('UTC', r."deletedAt"), timezone('UTC', r."lastReconciledAt")
    FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS r("projectId" text, "phase" text, "conditions" jsonb, "generation" int, "desiredHash" text,
      "observed" boolean, "observedHash" text, "lastReconciledAt" timestamptz, "lastSucceededAt" timestamptz, "lastError" text, "lastWrites" int,
      "driftDetected" boolean, "lastDriftAt" timestamptz, "details" jsonb, "endedAt" timestamptz, "deleteAfter" timestamptz, "deletedAt" timestamptz)
    ON CONFLICT ("projectId") DO UPDATE SET
      "phase" = EXCLUDED."phase", "conditions" = EXCLUDED."conditions", "generation" = EXCLUDED."generation", "desiredHash" = EXCLUDED."desiredHash",
      "observedGeneration" = CASE WHEN EXCLUDED."observedHash" IS NOT NULL THEN EXCLUDED."observedGeneration" ELSE "ProvisioningStatus"."observedGeneration" END,
      "observedHash" = COALESCE(EXCLUDED."observedHash", "ProvisioningStatus"."observedHash"),
      "lastReconciledAt" = EXCLUDED."lastReconciledAt",
      "lastSucceededAt" = COALESCE(EXCLUDED."lastSucceededAt", "ProvisioningStatus"."lastSucceededAt"),
      "lastError" = EXCLUDED."lastError", "lastWrites" = EXCLUDED."lastWrites", "driftDetected" = EXCLUDED."driftDetected",
      "lastDriftAt" = COALESCE(EXCLUDED."lastDriftAt", "ProvisioningStatus"."lastDriftAt"),
      "details" = EXCLUDED."details", "endedAt" = EXCLUDED."endedAt", "deleteAfter" = EXCLUDED."deleteAfter", "deletedAt" = EXCLUDED."deletedAt",
      "updatedAt" = EXCLUDED."updatedAt"`
}

/** A row written now (`sink` absent), or kept for the batch's one statement. */
export async function recordStatus(db: Db, row: StatusRow, sink?: StatusRow[]): Promise<void> {
  if (sink) sink.push(row)
  else await writeStatuses(db, [row])
}
