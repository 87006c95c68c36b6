// Waiting for what the real servers do in their own time: a key SeaweedFS loads a moment after
// issuing it, a quota status the controller-manager writes, a job a worker picks up. One probe at
// a time (the next starts once the last has answered), and a timeout that says what was awaited.
// Free of Vitest so that the console-server helper and the benchmarks can use it too.
import { inspect } from 'node:util'

export interface PollOptions {
  /** The pause between two probes (250 ms unless given). */
  readonly everyMs?: number
  /** More to say when it times out (a worker's log, say). */
  readonly explain?: () => string
}

/**
 * Probes until `probe` returns a value other than undefined and returns that value. A probe that
 * throws counts as "not yet"; after `timeoutMs` the error names `what` and the last error seen.
 */
export async function eventually<T>(
  what: string,
  timeoutMs: number,
  probe: () => T | undefined | Promise<T | undefined>,
  options: PollOptions = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs
  let last: unknown
  for (;;) {
    try {
      const value = await probe()
      if (value !== undefined) return value
    } catch (error) {
      last = error
    }
    if (Date.now() > deadline) {
      const cause = last === undefined ? '' : `: ${last instanceof Error ? String(last) : inspect(last)}`
      const more = options.explain ? `\n${options.explain()}` : ''
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${cause}${more}`)
    }
    await new Promise((wait) => setTimeout(wait, options.everyMs ?? 250))
  }
}

/** Waits until `check` holds (see `eventually`). */
export async function until(
  what: string,
  timeoutMs: number,
  check: () => boolean | Promise<boolean>,
  options: PollOptions = {},
): Promise<void> {
  await eventually(what, timeoutMs, async () => ((await check()) ? true : undefined), options)
}
