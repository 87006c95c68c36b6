// Comparing what the console wants with what the platform has, field by field, for the fields
// the console owns only. Pure: the reconciler decides what to write from these answers.
import type * as k8s from '@kubernetes/client-node'
import { parseQuantity } from '../domain/quantity'
import type { DesiredObject, ManagedObject } from '../platform/kubernetes/objects'
import { BLOCK_ALL_PUBLIC_ACCESS, type BucketState } from '../platform/storage/object-storage'
import { canonicalJson, type DesiredBucket, type S3Policy } from './desired'

const QUANTITY = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+|[numkMGTPE]|[KMGTPE]i)?$/

/** Two quantities are equal when they are the same amount (`1Gi` and `1073741824`). */
export function sameQuantity(a: string, b: string): boolean {
  if (a === b) return true
  if (!QUANTITY.test(a) || !QUANTITY.test(b)) return false
  // millicores is the finest unit Kubernetes keeps for anything we set; bytes are whole numbers of millis too.
  const x = parseQuantity(a, 'millicores')
  const y = parseQuantity(b, 'millicores')
  return x.ok && y.ok && x.value === y.value
}

/**
 * The paths where `have` differs from `want`, looking only at what `want` sets: fields the server
 * adds (defaults, status, managedFields, other managers' labels) are not ours and do not count.
 */
export function subsetDiff(want: unknown, have: unknown, path = ''): string[] {
  if (want === undefined) return []
  if (Array.isArray(want)) {
    if (!Array.isArray(have) || have.length !== want.length) return [path || '.']
    return want.flatMap((w, i) => subsetDiff(w, have[i], `${path}[${i}]`))
  }
  if (want !== null && typeof want === 'object') {
    const entries = Object.entries(want as Record<string, unknown>).filter(([, v]) => v !== undefined)
    if (have === null || typeof have !== 'object') return entries.length === 0 ? [] : [path || '.']
    return entries.flatMap(([k, v]) => subsetDiff(v, (have as Record<string, unknown>)[k], path ? `${path}.${k}` : k))
  }
  if (typeof want === 'string' && typeof have === 'string' && sameQuantity(want, have)) return []
  if (typeof want === 'number' && typeof have === 'string' && String(want) === have) return []
  return want === have ? [] : [path || '.']
}

/** What differs in one object; empty when the object is as wanted. */
export function diffObject(want: DesiredObject, have: ManagedObject | null): string[] {
  if (have === null) return ['(absent)']
  const differences: string[] = []
  differences.push(...subsetDiff(want.metadata.labels ?? {}, have.metadata?.labels ?? {}, 'metadata.labels'))
  differences.push(
    ...subsetDiff(want.metadata.annotations ?? {}, have.metadata?.annotations ?? {}, 'metadata.annotations'),
  )
  switch (want.kind) {
    case 'Namespace':
      break
    case 'ResourceQuota': {
      const wantHard = want.spec?.hard ?? {}
      const haveHard = (have as k8s.V1ResourceQuota).spec?.hard ?? {}
      differences.push(...subsetDiff(wantHard, haveHard, 'spec.hard'))
      // A key added by hand (another limit, or a quota on something we do not grant) is not ours either.
      for (const key of Object.keys(haveHard)) if (!(key in wantHard)) differences.push(`spec.hard.${key}`)
      break
    }
    case 'LimitRange':
      differences.push(...subsetDiff(want.spec, (have as k8s.V1LimitRange).spec, 'spec'))
      break
    case 'NetworkPolicy':
      differences.push(...subsetDiff(want.spec, (have as k8s.V1NetworkPolicy).spec, 'spec'))
      break
    case 'RoleBinding': {
      const binding = have as k8s.V1RoleBinding
      differences.push(...subsetDiff(want.roleRef, binding.roleRef, 'roleRef'))
      differences.push(...subsetDiff(want.subjects, binding.subjects, 'subjects'))
      break
    }
  }
  return differences
}

/**
 * Whether the object must be deleted and made again rather than applied: the API server refuses
 * to change a RoleBinding's roleRef in place (tenants bound to `edit` before decision 0025 move
 * to govcloud-tenant this way).
 */
export function needsReplacement(want: DesiredObject, have: ManagedObject | null): boolean {
  if (want.kind !== 'RoleBinding' || have === null) return false
  return subsetDiff(want.roleRef, (have as k8s.V1RoleBinding).roleRef, 'roleRef').length > 0
}

/** Keys of `spec.hard` added by someone else: server-side apply cannot remove what it does not own. */
export function foreignQuotaKeys(want: DesiredObject, have: ManagedObject | null): string[] {
  if (want.kind !== 'ResourceQuota' || have === null) return []
  const wantHard = want.spec?.hard ?? {}
  return Object.keys((have as k8s.V1ResourceQuota).spec?.hard ?? {}).filter((key) => !(key in wantHard))
}

export type BucketFix =
  'create' | 'versioning' | 'encryption' | 'publicAccessBlock' | 'policy' | 'acl' | 'lifecycle' | 'quota' | 'objectLock'

/** What must be written to make a bucket as wanted (in the order to write it). */
export function diffBucket(want: DesiredBucket, have: BucketState | null): BucketFix[] {
  if (have === null)
    return [
      'create',
      'versioning',
      'encryption',
      'publicAccessBlock',
      'lifecycle',
      'quota',
      ...(want.objectLock ? (['objectLock'] as const) : []),
    ]
  const fixes: BucketFix[] = []
  if (have.versioning !== want.versioning) fixes.push('versioning')
  if (have.encryption !== want.encryption) fixes.push('encryption')
  if (canonicalJson(have.publicAccessBlock) !== canonicalJson(BLOCK_ALL_PUBLIC_ACCESS)) fixes.push('publicAccessBlock')
  // The console writes no bucket policy (identities carry their own): any policy is someone else's.
  if (have.policy !== null) fixes.push('policy')
  if (have.publicGrants.length > 0) fixes.push('acl')
  const sortRules = (rules: readonly { id: string }[]) => [...rules].sort((a, b) => a.id.localeCompare(b.id))
  if (canonicalJson(sortRules(have.lifecycle)) !== canonicalJson(sortRules(want.lifecycle))) fixes.push('lifecycle')
  if (have.quotaBytes !== want.quotaBytes) fixes.push('quota')
  if (
    want.objectLock &&
    (!have.objectLock.enabled ||
      have.objectLock.mode !== want.objectLock.mode ||
      have.objectLock.days !== want.objectLock.days)
  )
    fixes.push('objectLock')
  return fixes
}

export function samePolicy(want: S3Policy, have: object | null): boolean {
  if (have === null) return false
  const norm = (p: unknown) => {
    const doc = p as { Statement?: { Action?: string | string[]; Resource?: string | string[]; Effect?: string }[] }
    return canonicalJson(
      (doc.Statement ?? []).map((s) => ({
        Effect: s.Effect,
        Action: [s.Action ?? []].flat().sort(),
        Resource: [s.Resource ?? []].flat().sort(),
      })),
    )
  }
  return norm(want) === norm(have)
}

/** Quota keys where what is used already exceeds the new hard limit (a decrease below usage). */
export function quotaBelowUsage(
  want: DesiredObject,
  have: ManagedObject | null,
): { resource: string; used: string; hard: string }[] {
  if (want.kind !== 'ResourceQuota' || have === null) return []
  const used = (have as k8s.V1ResourceQuota).status?.used ?? {}
  const out: { resource: string; used: string; hard: string }[] = []
  for (const [resource, hard] of Object.entries(want.spec?.hard ?? {})) {
    const u = used[resource]
    if (u === undefined) continue
    const a = parseQuantity(u, 'millicores')
    const b = parseQuantity(hard, 'millicores')
    if (a.ok && b.ok && a.value > b.value) out.push({ resource, used: u, hard })
  }
  return out
}
