// The record of key use, from the S3 access log's events (decision 0040, GC-KEY-02): per access
// key the last time the storage saw it sign a request (S3KeyUse), and the span of the log received
// (S3AccessLog). A key is written at most once a minute, so a busy key costs one statement a
// minute, not one a request (listen.ts batches the writes). Only keys the console issued get a row: the log may name the storage's admin key
// or, from anyone who can reach the port, made-up ids, and neither may grow the table.
import type { Db } from '../../db/client'
import type { ForwardEvent } from './forward-protocol'

export const WRITE_EVERY_MS = 60_000

/** The gateway's tag, `s3.access`, behind the prefix weed adds from $ENVIRONMENT or tag_prefix. */
const ACCESS_LOG_TAG = /(^|\.)s3\.access$/
/** Access key ids as SeaweedFS and AWS make them; anything else in the field is not a key. */
const ACCESS_KEY_ID = /^[A-Za-z0-9]{8,128}$/
/** Keys remembered in memory before the memory is cleared (it only saves writes). */
const REMEMBERED_KEYS = 50_000

export interface KeyUseEvent {
  readonly accessKeyId: string
  readonly at: Date
}

/**
 * The signed requests among the events, each at its time but never after `receivedAt`: a time
 * from the future would keep a key looking used until then. Anonymous requests carry no key id.
 */
export function keyUsesOf(events: readonly ForwardEvent[], receivedAt: Date): KeyUseEvent[] {
  return events.flatMap((event) => {
    const id = event.record.access_key_id
    if (!ACCESS_LOG_TAG.test(event.tag) || typeof id !== 'string' || !ACCESS_KEY_ID.test(id)) return []
    const at = event.time.getTime() > receivedAt.getTime() ? receivedAt : event.time
    return [{ accessKeyId: id, at }]
  })
}

export interface KeyUseRecorder {
  /** Takes a message's events; true when something is due to be written (then `flush`). */
  note(events: readonly ForwardEvent[]): boolean
  /** Writes what is due; one flush at a time, a failed one kept for the next. */
  flush(): Promise<void>
}

export function keyUseRecorder(db: Db, options: { now?: () => Date; writeEveryMs?: number } = {}): KeyUseRecorder {
  const now = options.now ?? (() => new Date())
  const every = options.writeEveryMs ?? WRITE_EVERY_MS
  const written = new Map<string, number>()
  const pending = new Map<string, number>()
  let log: { first: number; last: number } | null = null
  let logWritten = -Infinity
  let running: Promise<void> = Promise.resolve()

  const due = (id: string, at: number) => at - (written.get(id) ?? -Infinity) >= every

  function note(events: readonly ForwardEvent[]): boolean {
    const receivedAt = now()
    if (events.length > 0) {
      const times = events.map((e) => Math.min(e.time.getTime(), receivedAt.getTime()))
      log = { first: Math.min(log?.first ?? Infinity, ...times), last: Math.max(log?.last ?? -Infinity, ...times) }
    }
    for (const use of keyUsesOf(events, receivedAt)) {
      const at = use.at.getTime()
      if (due(use.accessKeyId, at)) pending.set(use.accessKeyId, Math.max(pending.get(use.accessKeyId) ?? 0, at))
    }
    return pending.size > 0 || (log !== null && receivedAt.getTime() - logWritten >= every)
  }

  async function write(): Promise<void> {
    const uses = [...pending]
    const span = log
    if (uses.length === 0 && !span) return
    const writtenAt = now().getTime()
    await db.$transaction(async (tx) => {
      if (span)
        await tx.$executeRaw`
          INSERT INTO "S3AccessLog" ("id", "firstEventAt", "lastEventAt")
          VALUES (1, to_timestamp(${span.first / 1000}::float8) AT TIME ZONE 'UTC',
                     to_timestamp(${span.last / 1000}::float8) AT TIME ZONE 'UTC')
          ON CONFLICT ("id") DO UPDATE SET "lastEventAt" = GREATEST("S3AccessLog"."lastEventAt", EXCLUDED."lastEventAt")`
      if (uses.length > 0)
        await tx.$executeRaw`
          INSERT INTO "S3KeyUse" ("accessKeyId", "lastUsedAt")
          SELECT u.id, to_timestamp(u.ms / 1000) AT TIME ZONE 'UTC'
            FROM unnest(${uses.map(([id]) => id)}::text[], ${uses.map(([, at]) => at)}::float8[]) AS u(id, ms)
           WHERE EXISTS (SELECT 1 FROM "S3Credential" c WHERE c."accessKeyId" = u.id)
          ON CONFLICT ("accessKeyId") DO UPDATE SET "lastUsedAt" = GREATEST("S3KeyUse"."lastUsedAt", EXCLUDED."lastUsedAt")`
    })
    if (written.size > REMEMBERED_KEYS) written.clear()
    for (const [id, at] of uses) {
      written.set(id, Math.max(written.get(id) ?? 0, at))
      if (pending.get(id) === at) pending.delete(id)
    }
    if (log === span) log = null
    logWritten = writtenAt
  }

  return {
    note,
    flush() {
      running = running.catch(() => undefined).then(write)
      return running
    },
  }
}
