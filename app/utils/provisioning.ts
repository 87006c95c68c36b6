// What the project page shows of provisioning, as its loader and its status route send it (the
// strings already in the reader's language).

export type StatusTone = 'neutral' | 'info' | 'success' | 'warning' | 'danger'

export type ProvisioningStatusView = {
  phase: string
  phaseLabel: string
  tone: StatusTone
  /** Nothing more will change without a new decision or a periodic pass: the page stops polling. */
  settled: boolean
  conditions: {
    type: string
    typeLabel: string
    status: string
    statusLabel: string
    reason: string
    reasonLabel: string
    message: string
    since: string | null
  }[]
  degraded: { reasonLabel: string; message: string } | null
  lastReconciled: string
  lastSucceeded: string
  generation: string
  lastError: string | null
  job: string
  jobError: string | null
  driftNow: boolean
  lastDrift: { at: string; items: string[] } | null
  belowUsage: string[]
  deleteAfter: string | null
  deletedAt: string | null
  posture: string[]
  updatedAt: string
}
