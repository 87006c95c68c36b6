import { randomBytes } from 'node:crypto'
import type { Db } from '#server/db/client'
import type { KubernetesConnection } from '#server/platform/kubernetes/connection'
import type { ObjectStorage } from '#server/platform/storage/object-storage'
import { reconcileProject } from '#server/provisioning/reconcile'
import { stackEnv } from '../../helpers/stack-env'
import { deps } from './helpers'

// A demo project of the seed, provisioned for real on the local cluster and storage for the
// console and API tests. Its namespace is renamed first to one of this run's own: the seed's
// names are shared by every seeded database (and by `npm run dev`), and two of them must never
// own the same namespace or buckets on the one local cluster.

export async function provisionSeeded(
  db: Db,
  connection: KubernetesConnection,
  storage: ObjectStorage,
  projectName: string,
): Promise<{ projectId: string; namespace: string }> {
  const project = await db.project.findFirstOrThrow({ where: { name: projectName }, select: { id: true } })
  const namespace = `t${randomBytes(4).toString('hex')}-de-tai-khcn`
  await db.project.update({ where: { id: project.id }, data: { namespace } })
  const outcome = await reconcileProject(deps(db, connection, storage), project.id)
  if (outcome?.phase !== 'ready') throw new Error(`${projectName} did not provision: ${JSON.stringify(outcome)}`)
  return { projectId: project.id, namespace }
}

/** The settings a console (or API) needs to issue and revoke S3 keys on the local storage. */
export function storageEnv(): Record<string, string> {
  const env = stackEnv()
  const out: Record<string, string> = {}
  for (const key of [
    'S3_ENDPOINT',
    'S3_REGION',
    'S3_ADMIN_ACCESS_KEY_ID',
    'S3_ADMIN_SECRET_ACCESS_KEY',
    'SEAWEEDFS_IAM_URL',
  ]) {
    if (env[key]) out[key] = env[key]
  }
  return out
}
