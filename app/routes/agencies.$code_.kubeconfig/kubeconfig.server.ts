import { recordAudit } from '#server/audit/log'
import type { Db } from '#server/db/client'
import type { Principal } from '#server/identity/principal'
import { requestOrigin } from '#app/utils/client-origin.server'
import { getDb } from '#app/utils/db.server'
import { getEnv } from '#app/utils/env.server'
import {
  agencyKubeconfigSettings,
  kubeconfigFileName,
  kubeconfigForAgency,
} from '#server/provisioning/agency-kubeconfig'

export { agencyKubeconfigSettings } from '#server/provisioning/agency-kubeconfig'

/** The agency's kubeconfig for this person, with its file name; null when there is nothing to give. */
export async function buildAgencyKubeconfig({
  db,
  agencyId,
  code,
  username,
}: {
  db: Db
  agencyId: string
  code: string
  username: string
}) {
  const settings = agencyKubeconfigSettings(getEnv())
  if (settings === null) return null
  const text = await kubeconfigForAgency({ db, agencyId, username, settings })
  return text === null ? null : { text, fileName: kubeconfigFileName(code, settings.clusterName) }
}

/** Who took a way onto the cluster, when, from where and with what (decision 0030). */
export async function auditKubeconfigDownload(
  request: Request,
  { principal, agencyId, fileName }: { principal: Principal; agencyId: string; fileName: string },
): Promise<void> {
  await recordAudit(getDb(), {
    actor: { id: principal.userId, label: principal.displayName },
    action: 'kubeconfig.download',
    entityType: 'Agency',
    entityId: agencyId,
    agencyId,
    after: { fileName },
    origin: requestOrigin(request),
  })
}
