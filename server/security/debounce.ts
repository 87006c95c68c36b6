// Changes come in bursts (a rollout touches a Deployment, its ReplicaSets and Pods many times): a
// namespace is scanned once the changes in it have been quiet for `quietMs`, and at the latest
// `maxWaitMs` after the first, so a namespace that never stops changing is still scanned.

export interface KeyedDebounce {
  /** Something changed under `key`. */
  touch(key: string): void
  /** Fires everything pending now (stopping: nothing seen is lost). */
  flush(): void
  /** Forgets what is pending, without firing. */
  cancel(): void
  readonly pending: number
}

export function keyedDebounce(
  fire: (key: string) => void,
  options: { quietMs: number; maxWaitMs: number },
): KeyedDebounce {
  const waiting = new Map<string, { timer: ReturnType<typeof setTimeout>; firstAt: number }>()
  const release = (key: string) => {
    const entry = waiting.get(key)
    if (!entry) return
    clearTimeout(entry.timer)
    waiting.delete(key)
    fire(key)
  }
  return {
    touch(key) {
      const now = Date.now()
      const firstAt = waiting.get(key)?.firstAt ?? now
      const entry = waiting.get(key)
      if (entry) clearTimeout(entry.timer)
      const wait = Math.max(0, Math.min(options.quietMs, firstAt + options.maxWaitMs - now))
      waiting.set(key, { firstAt, timer: setTimeout(() => release(key), wait) })
    },
    flush() {
      for (const key of [...waiting.keys()]) release(key)
    },
    cancel() {
      for (const entry of waiting.values()) clearTimeout(entry.timer)
      waiting.clear()
    },
    get pending() {
      return waiting.size
    },
  }
}
