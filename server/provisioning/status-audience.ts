import type { Condition } from './intent'
import type { ProvisioningView } from './status'

// What agency staff see of their project's provisioning (decision 0030). The platform's own words
// (a failed call's error, the job queue's last error, the condition messages written from them)
// name internal hosts, ports, service identities and API paths: the detail the data centre needs
// to act, and a map of the platform for anyone else. Agency staff get the reason instead: a code
// (KubernetesUnavailable, StorageForbidden …) that the reader's language explains, saying what is
// wrong without saying where. Their own facts stay: phase, times, drift on their objects, quota
// below use, posture notes on their buckets, and each condition's message key and parameters
// (decision 0080: the console's own sentences, whose parameters are the project's own facts).

/** The explanation of a reason code in the reader's language (prov.reason.*). */
export type ReasonText = (reason: string) => string

/** The reason given when no condition names one (the job queue's own errors, say). */
export const UNEXPLAINED_REASON = 'Unexplained'

/** The view without the platform's messages; errors become the explained reason of the failure. */
export function withoutPlatformDetail(view: ProvisioningView, reasonText: ReasonText): ProvisioningView {
  const failure = reasonText(failureReason(view))
  return {
    ...view,
    conditions: view.conditions.map((condition) => ({ ...condition, message: '' })),
    lastError: view.lastError === null ? null : failure,
    details: {},
    job: view.job === null ? null : { ...view.job, lastError: view.job.lastError === null ? null : failure },
  }
}

/** What is wrong, as the conditions classify it: Degraded first, then a Ready that is not. */
export function failureCondition(view: Pick<ProvisioningView, 'conditions'>): Condition | undefined {
  const degraded = view.conditions.find((c) => c.type === 'Degraded' && c.status === 'True')
  return degraded ?? view.conditions.find((c) => c.type === 'Ready' && c.status === 'False')
}

function failureReason(view: ProvisioningView): string {
  return failureCondition(view)?.reason ?? UNEXPLAINED_REASON
}
