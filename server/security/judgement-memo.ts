// What the CEL rules said about each object, kept between scans in the worker's memory (decision
// 0039). The rules are a pure function of the object, its namespace, the level, the level's
// settings and the platform's params; an object the API server has not changed (same uid, same
// resourceVersion) in a namespace judged in the same context gets the same answer. A periodic
// scan of a thousand namespaces mostly finds them so, and judging is most of its cost.
import type { EvaluationContext, KubeObject, Violation } from './evaluate'

export interface JudgementMemo {
  /** The object's violations in this context, from the memo when the object and context are unchanged. */
  judge(object: KubeObject, context: string, evaluate: () => Violation[]): Violation[]
  /** Forgets every object not among these uids (after a scan that read every object). */
  keepOnly(uids: ReadonlySet<string>): void
  readonly size: number
}

/**
 * A namespace's context as a string: its resourceVersion (its labels and annotations), the level,
 * the level's settings and the platform's params. A namespace without a version is never memoised.
 */
export function contextKey(context: EvaluationContext): string | null {
  const version = context.namespace.metadata.resourceVersion
  if (!version) return null
  return JSON.stringify([version, context.level, context.levelSettings ?? null, context.platform])
}

export function judgementMemo(): JudgementMemo {
  const entries = new Map<string, { version: string; context: string; violations: Violation[] }>()
  return {
    judge(object, context, evaluate) {
      const { uid, resourceVersion: version } = object.metadata
      if (typeof uid !== 'string' || typeof version !== 'string') return evaluate()
      const known = entries.get(uid)
      if (known && known.version === version && known.context === context) return known.violations
      const violations = evaluate()
      entries.set(uid, { version, context, violations })
      return violations
    },
    keepOnly(uids) {
      for (const uid of entries.keys()) if (!uids.has(uid)) entries.delete(uid)
    },
    get size() {
      return entries.size
    },
  }
}
