// The cluster checks as rules over what was read (no I/O): each managed namespace's objects
// through the CEL rules (evaluate.ts, the same text admission runs) and the namespace itself
// against GC-NS-01, at the namespace's level (decision 0039).
import { ANNOTATIONS, LABELS } from '../domain/ownership-labels'
import { SECURITY_LEVELS, type SecurityLevel } from '../domain/project'
import type { LevelSettings } from './catalogue/level-settings'
import { evaluateObject, type KubeObject, type NamespaceObject } from './evaluate'
import type { Observation } from './findings'
import { contextKey, type JudgementMemo } from './judgement-memo'
import { RULES, type PlatformParams } from './rules'
import { observer, type ProjectRef } from './storage-checks'

/** The namespace runs below restricted Pod Security (a recorded exception), reviewed from level 3. */
export const NAMESPACE_CHECK = 'GC-NS-01'
const ENFORCE_LABEL = 'pod-security.kubernetes.io/enforce'

/** Every check the cluster scan speaks for: the CEL rules' and the namespace's own. */
export const CLUSTER_CHECK_IDS: readonly string[] = [...new Set(RULES.map((rule) => rule.checkId)), NAMESPACE_CHECK]

/** A namespace the console manages, as read, with its project. */
export interface ScannedNamespace {
  readonly object: NamespaceObject
  readonly project: ProjectRef
}

export interface ClusterJudgement {
  readonly platform: PlatformParams
  readonly levelSettings?: (level: SecurityLevel) => LevelSettings | undefined
  /** What the rules said about objects unchanged since an earlier scan; absent: every object judged. */
  readonly memo?: JudgementMemo
}

/**
 * The level a namespace is judged at: the higher of its label (what admission binds by) and its
 * project's (the console's intent). Until the reconciler repairs a label changed by hand, the
 * scan never judges more leniently than either says.
 */
export function levelOf(namespace: NamespaceObject, projectLevel: SecurityLevel): SecurityLevel {
  const labelled = Number(namespace.metadata.labels?.[LABELS.securityLevel])
  const label = SECURITY_LEVELS.find((level) => level === labelled)
  return label !== undefined && label > projectLevel ? label : projectLevel
}

/**
 * The objects to judge: those that no listed object controls. A Deployment's ReplicaSets and
 * Pods, a CronJob's Jobs, carry its template and are fixed with it; judged too, the old
 * ReplicaSets a Deployment keeps would hold a finding open after its fix. An owner reference to
 * something not listed (made up, or already gone) does not excuse an object.
 */
export function judgedObjects<T extends KubeObject>(objects: readonly T[]): T[] {
  const listed = new Set(objects.map((o) => o.metadata['uid']).filter((uid) => typeof uid === 'string'))
  return objects.filter((o) => {
    const owners = o.metadata['ownerReferences'] as ReadonlyArray<{ uid?: string; controller?: boolean }> | undefined
    return !owners?.some((owner) => owner.controller === true && owner.uid !== undefined && listed.has(owner.uid))
  })
}

/** GC-NS-01: a namespace that does not enforce restricted Pod Security (absent counts as not enforcing it). */
export function namespaceObservations(scanned: ScannedNamespace): Observation[] {
  const { labels, annotations, name } = scanned.object.metadata
  const enforce = labels?.[ENFORCE_LABEL]
  if (enforce === 'restricted') return []
  return observer(scanned.project, 'Namespace')(NAMESPACE_CHECK, name, {
    enforce: enforce ?? 'none',
    exception: annotations?.[ANNOTATIONS.podSecurityException] ?? '',
  })
}

/** What fails in one managed namespace: the namespace itself and each object judged in it. */
export function clusterObservations(
  scanned: ScannedNamespace,
  objects: readonly KubeObject[],
  judgement: ClusterJudgement,
): Observation[] {
  const level = scanned.project.securityLevel
  const context = {
    namespace: scanned.object,
    level,
    levelSettings: judgement.levelSettings?.(level),
    platform: judgement.platform,
  }
  const seen: Observation[] = namespaceObservations(scanned)
  const key = judgement.memo ? contextKey(context) : null
  for (const object of judgedObjects(objects)) {
    const violations =
      judgement.memo && key
        ? judgement.memo.judge(object, key, () => evaluateObject(object, context))
        : evaluateObject(object, context)
    if (violations.length === 0) continue
    const observe = observer(scanned.project, object.kind)
    for (const v of violations)
      seen.push(...observe(v.checkId, object.metadata.name ?? '', { message: v.detail.message }))
  }
  return seen
}
