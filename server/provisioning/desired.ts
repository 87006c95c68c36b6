// What a project's allocation becomes on the platform: pure, from plain data, tested without
// any server. The reconciler compares this with what it reads and applies the difference.
// One builder per kind of object lives in desired/; this file composes them and is the one
// module the rest of the code imports them through.
import type { DesiredObject } from '../platform/kubernetes/objects'
import { desiredBuckets, type DesiredBucket } from './desired/buckets'
import { stableHash } from './desired/hash'
import { desiredLimitRange } from './desired/limit-range'
import { DEFAULT_SETTINGS, type PostureNote, type ProjectIntent, type ProvisioningSettings } from './desired/model'
import { desiredNamespace } from './desired/namespace'
import { desiredNetworkPolicies } from './desired/network-policies'
import { desiredResourceQuota } from './desired/resource-quota'
import { desiredRoleBinding } from './desired/role-binding'
import { desiredIdentity, type DesiredIdentity } from './desired/storage-identity'

export { bucketName, dataBucketNames, isProjectBucket, type DesiredBucket } from './desired/buckets'
export { canonicalJson, stableHash } from './desired/hash'
export { LABELS, MANAGED_SELECTOR, OBJECT_NAMES } from './desired/metadata'
export {
  DEFAULT_SETTINGS,
  isLive,
  type PostureNote,
  type ProjectIntent,
  type ProvisioningSettings,
} from './desired/model'
export { S3_POLICY_NAME, tenantPolicy, type S3Policy } from './desired/storage-identity'

export interface DesiredState {
  readonly projectId: string
  readonly namespace: string
  /** The Namespace first, then what lives in it. */
  readonly objects: readonly DesiredObject[]
  readonly buckets: readonly DesiredBucket[]
  /** The project's S3 identity and the policy that scopes it to its buckets; null without buckets. */
  readonly identity: DesiredIdentity | null
  readonly notes: readonly PostureNote[]
  /** Changes exactly when anything above changes. */
  readonly hash: string
}

export function desiredState(intent: ProjectIntent, settings: ProvisioningSettings = DEFAULT_SETTINGS): DesiredState {
  const objects = [
    desiredNamespace(intent, settings),
    desiredResourceQuota(intent, settings),
    desiredLimitRange(intent, settings),
    ...desiredNetworkPolicies(intent, settings),
    desiredRoleBinding(intent, settings),
  ]
  const { buckets, notes } = desiredBuckets(intent, settings)
  const identity = desiredIdentity(intent.namespace, buckets)
  // The hash covers exactly these fields, in this shape: existing tenants' stored hashes depend on it.
  const body = { projectId: intent.projectId, namespace: intent.namespace, objects, buckets, identity, notes }
  return { ...body, hash: stableHash(body) }
}
