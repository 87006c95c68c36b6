// The provisioning worker's receiver of the S3 access log (decision 0040): the listener and the
// record of key use together. A message is acknowledged once taken in, and what it makes due is
// written within FLUSH_DELAY_MS, batched with whatever else arrived meanwhile: waiting for the
// database before each acknowledgement would let a backlog weed held (up to 16,384 entries, many
// keys each due once) drain at one statement per entry. A crash loses at most that last moment.
// Several workers may run; the port takes one, and the others try again each minute, so that
// when the one holding it stops, another takes the log up (weed keeps what it could not send).
import type { Db } from '../../db/client'
import { startAccessLogReceiver, type AccessLogReceiver } from './receiver'
import { keyUseRecorder } from './recorder'

const RETRY_MS = 60_000
const FLUSH_DELAY_MS = 250
const FLUSH_RETRY_MS = 5_000

export interface KeyUseListener {
  close(): Promise<void>
}

export function listenForKeyUse(
  db: Db,
  options: { host: string; port: number; log: (line: string) => void; writeEveryMs?: number },
): KeyUseListener {
  const recorder = keyUseRecorder(db, { writeEveryMs: options.writeEveryMs })
  let receiver: AccessLogReceiver | null = null
  let retry: NodeJS.Timeout | null = null
  let flushTimer: NodeJS.Timeout | null = null
  let closed = false
  const scheduleFlush = (delayMs: number) => {
    if (flushTimer || closed) return
    flushTimer = setTimeout(() => {
      flushTimer = null
      recorder.flush().catch((error: unknown) => {
        options.log(`S3 key use not written (kept for the next try): ${String(error)}`)
        scheduleFlush(FLUSH_RETRY_MS)
      })
    }, delayMs)
  }
  const start = async (): Promise<void> => {
    try {
      receiver = await startAccessLogReceiver({
        host: options.host,
        port: options.port,
        onEvents: (events) => {
          if (recorder.note(events)) scheduleFlush(FLUSH_DELAY_MS)
          return Promise.resolve()
        },
        onRefused: (reason) => options.log(`S3 access log connection closed: ${reason}`),
      })
      if (closed) await receiver.close()
      else options.log(`receiving the S3 access log on ${options.host}:${receiver.port}`)
    } catch (error) {
      const code = (error as { code?: string }).code
      if (code !== 'EADDRINUSE') options.log(`S3 access log receiver failed to listen: ${String(error)}`)
      if (!closed) retry = setTimeout(() => void start(), RETRY_MS)
    }
  }
  void start()
  return {
    async close() {
      closed = true
      if (retry) clearTimeout(retry)
      if (flushTimer) clearTimeout(flushTimer)
      await receiver?.close()
      await recorder.flush().catch((error: unknown) => options.log(`S3 key use not written: ${String(error)}`))
    },
  }
}
