// The provisioning worker's receiver of the S3 access log (decision 0040): the listener and the
// record of key use together. Several workers may run; the port takes one, and the others try
// again each minute, so that when the one holding it stops, another takes the log up (weed keeps
// what it could not send meanwhile and sends it on reconnecting).
import type { Db } from '../../db/client'
import { startAccessLogReceiver, type AccessLogReceiver } from './receiver'
import { keyUseRecorder } from './recorder'

const RETRY_MS = 60_000

export interface KeyUseListener {
  close(): Promise<void>
}

export function listenForKeyUse(
  db: Db,
  options: { host: string; port: number; log: (line: string) => void; writeEveryMs?: number },
): KeyUseListener {
  const recorder = keyUseRecorder(db, { writeEveryMs: options.writeEveryMs })
  let receiver: AccessLogReceiver | null = null
  let timer: NodeJS.Timeout | null = null
  let closed = false
  const start = async (): Promise<void> => {
    try {
      receiver = await startAccessLogReceiver({
        host: options.host,
        port: options.port,
        onEvents: async (events) => {
          if (recorder.note(events)) await recorder.flush()
        },
        onRefused: (reason) => options.log(`S3 access log connection closed: ${reason}`),
      })
      if (closed) await receiver.close()
      else options.log(`receiving the S3 access log on ${options.host}:${receiver.port}`)
    } catch (error) {
      const code = (error as { code?: string }).code
      if (code !== 'EADDRINUSE') options.log(`S3 access log receiver failed to listen: ${String(error)}`)
      if (!closed) timer = setTimeout(() => void start(), RETRY_MS)
    }
  }
  void start()
  return {
    async close() {
      closed = true
      if (timer) clearTimeout(timer)
      await receiver?.close()
    },
  }
}
