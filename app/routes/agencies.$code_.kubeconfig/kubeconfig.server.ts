import type { Db } from '#server/db/client'
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
