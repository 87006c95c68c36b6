// When a bucket is open to anyone (GC-S3-04): a policy statement that allows everyone, as the
// storage itself judges it (GetBucketPolicyStatus) or as its text says, or an ACL grant to all
// users that the bucket does not ignore. On the pinned SeaweedFS the public access block does not
// stop a public policy (decision 0003), so the policy is read, not the block's flags.
import type { BucketState } from '../platform/storage/object-storage'

interface Statement {
  readonly Sid?: unknown
  readonly Effect?: unknown
  readonly Principal?: unknown
  readonly Condition?: unknown
}

/** A principal that names everyone: "*", {"AWS": "*"} or {"AWS": ["*"]}. */
function namesEveryone(principal: unknown): boolean {
  if (principal === '*') return true
  if (principal === null || typeof principal !== 'object') return false
  const aws = (principal as { AWS?: unknown }).AWS
  return aws === '*' || (Array.isArray(aws) && aws.includes('*'))
}

function hasCondition(statement: Statement): boolean {
  return (
    typeof statement.Condition === 'object' &&
    statement.Condition !== null &&
    Object.keys(statement.Condition).length > 0
  )
}

/**
 * The statements of a policy text that allow everyone without a condition (SeaweedFS's own rule in
 * isPolicyPublic), by Sid or position. A text that is not a policy counts as public: it cannot be
 * shown to be private.
 */
export function publicStatements(policy: string | null): string[] {
  if (!policy) return []
  let statements: unknown
  try {
    statements = (JSON.parse(policy) as { Statement?: unknown }).Statement
  } catch {
    return ['(unreadable policy)']
  }
  const list = (Array.isArray(statements) ? statements : [statements]) as Statement[]
  return list.flatMap((statement, i) =>
    statement && statement.Effect === 'Allow' && namesEveryone(statement.Principal) && !hasCondition(statement)
      ? [typeof statement.Sid === 'string' && statement.Sid ? statement.Sid : `#${i + 1}`]
      : [],
  )
}

export interface PublicAccess {
  /** The storage's verdict on the policy; null without a policy. */
  readonly policyPublic: boolean | null
  readonly statements: readonly string[]
  /** ACL grants to all users that take effect (not ignored by the bucket's public access block). */
  readonly grants: readonly string[]
}

/** What makes the bucket public, or null when nothing does. */
export function publicAccessOf(state: BucketState, policyPublic: boolean | null): PublicAccess | null {
  const statements = publicStatements(state.policy)
  const grants = state.publicAccessBlock?.IgnorePublicAcls ? [] : state.publicGrants
  if (policyPublic !== true && statements.length === 0 && grants.length === 0) return null
  return { policyPublic, statements, grants }
}
