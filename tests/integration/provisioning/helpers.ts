import type { Db } from '#server/db/client'
import { DEFAULT_APPROVAL_POLICY } from '#server/domain/security-policy'
import type { KubernetesConnection } from '#server/platform/kubernetes/connection'
import { kubernetesPlatform } from '#server/platform/kubernetes/platform'
import type { ObjectStorage } from '#server/platform/storage/object-storage'
import { DEFAULT_SETTINGS, isProjectBucket } from '#server/provisioning/desired'
import type { ReconcilerDeps } from '#server/provisioning/reconcile'
import { actOnRequest } from '#server/workflow/act-on-request'
import { makeSubmittedRequest } from '../../helpers/fixtures'

export const GiB = 1024n ** 3n

export const operator = (id: string) => ({ id, roles: ['dc_operator' as const], label: 'Đặng Minh Đức' })

/** A new project's request, approved in full by an operator: what the reconciler starts from. */
export async function approvedProject(
  db: Db,
  input: {
    agencyId: string
    projectId: string
    requesterId: string
    operatorId: string
    lines: Record<string, bigint>
  },
): Promise<string> {
  const id = await makeSubmittedRequest(db, {
    projectId: input.projectId,
    agencyId: input.agencyId,
    requesterId: input.requesterId,
    lines: input.lines,
  })
  const result = await actOnRequest(db, {
    requestId: id,
    action: 'approve',
    actor: operator(input.operatorId),
    expectedVersion: 1,
    policy: DEFAULT_APPROVAL_POLICY,
  })
  if (!result?.ok) throw new Error(`approval refused: ${JSON.stringify(result)}`)
  return id
}

export function deps(
  db: Db,
  connection: KubernetesConnection,
  storage: ObjectStorage,
  extra: Partial<ReconcilerDeps> = {},
): ReconcilerDeps {
  return {
    db,
    kube: kubernetesPlatform(connection),
    storage,
    settings: { ...DEFAULT_SETTINGS, storageClasses: ['standard', 'fast'] },
    ...extra,
  }
}

/** Removes what a test made on the platform (namespaces terminate in the background). */
export async function cleanUpPlatform(
  connection: KubernetesConnection,
  storage: ObjectStorage,
  namespaces: readonly string[],
): Promise<void> {
  const kube = kubernetesPlatform(connection)
  await Promise.allSettled(namespaces.map((ns) => kube.delete({ kind: 'Namespace', name: ns })))
  const buckets = await storage.listBuckets().catch(() => [] as string[])
  for (const ns of namespaces) {
    await storage.deleteUser(ns, ['project-buckets']).catch(() => undefined)
    for (const bucket of buckets.filter((b) => isProjectBucket(ns, b))) {
      await storage.emptyBucket(bucket).catch(() => undefined)
      await storage.deleteBucket(bucket).catch(() => undefined) // object-locked backups stay until their lock ends
    }
  }
}
