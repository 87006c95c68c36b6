// What every worker process does around its workers: wake them as soon as a job is queued
// (PostgreSQL NOTIFY on the queue's channel; polling stays the fallback), and on SIGTERM or
// SIGINT finish the jobs in hand, let go of the connections and exit.
import pg from 'pg'
import { JOB_CHANNEL } from './shared-with-sql'
import type { Worker } from './worker'

/** Wakes the worker whenever a job is queued; the answer stops listening. */
export async function listenForJobs(databaseUrl: string, worker: Worker): Promise<() => Promise<void>> {
  const listener = new pg.Client({ connectionString: databaseUrl })
  listener.on('notification', () => worker.wake())
  // A lost listener only costs the wake-ups: the worker still polls.
  listener.on('error', () => undefined)
  await listener.connect()
  await listener.query(`LISTEN ${JOB_CHANNEL}`)
  return () => listener.end().catch(() => undefined)
}

export async function runUntilSignalled(input: {
  databaseUrl: string
  worker: Worker
  close: () => Promise<void>
}): Promise<void> {
  const stopListening = await listenForJobs(input.databaseUrl, input.worker)
  let stopping = false
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      if (stopping) return
      stopping = true
      void (async () => {
        await input.worker.stop()
        await stopListening()
        await input.close()
        process.exit(0)
      })()
    })
  }
}
