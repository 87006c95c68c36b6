// The storage scan's record of key use (GC-KEY-02), read from what the access log receiver wrote.
// The log speaks for the time it covers only: a key unseen since it began is unused since then,
// not since the key was made, and a log that has gone silent (weed started without it, the
// receiver down) says nothing about any key, so the check is then not evaluated at all.
import type { Db } from '../../db/client'

/** What the access log says of some keys: when each was last seen, and since when it has listened. */
export interface RecordedKeyUse {
  readonly lastUsed: ReadonlyMap<string, Date>
  /** The first event received: a key unseen is unused since this (or since it was made, if later). */
  readonly since: Date
}

/** When the storage last saw each key sign a request; null when nothing records it. */
export type KeyUse = (accessKeyIds: readonly string[]) => Promise<RecordedKeyUse | null>

/**
 * Longest silence of the log that still speaks for the keys. The provisioning worker itself reads
 * the buckets every pass (PROVISIONING_PERIOD_SECONDS, 300) and signs a checkpoint into the storage
 * every 600 s with the admin key, each request an event: an hour without one means no log arrives.
 */
export const ACCESS_LOG_SILENT_AFTER_MS = 60 * 60_000

export function recordedKeyUse(db: Db, options: { now?: () => Date; silentAfterMs?: number } = {}): KeyUse {
  return async (accessKeyIds) => {
    const log = await db.s3AccessLog.findUnique({ where: { id: 1 } })
    const now = options.now?.() ?? new Date()
    if (!log || now.getTime() - log.lastEventAt.getTime() > (options.silentAfterMs ?? ACCESS_LOG_SILENT_AFTER_MS))
      return null
    const rows = await db.s3KeyUse.findMany({ where: { accessKeyId: { in: [...accessKeyIds] } } })
    return { lastUsed: new Map(rows.map((r) => [r.accessKeyId, r.lastUsedAt])), since: log.firstEventAt }
  }
}
