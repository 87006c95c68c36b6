// What the project page shows of provisioning, as its loader and its status route send it (the
// strings already in the reader's language).

export type StatusTone = 'neutral' | 'info' | 'success' | 'warning' | 'danger'

/**
 * A sentence in the reader's language and, for the data centre's roles only, the platform's own
 * words behind it (English, hosts and identities), shown under a disclosure (decision 0080).
 */
export type Explained = { text: string; detail: string | null }

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
    message: Explained
    since: string | null
  }[]
  degraded: { reasonLabel: string; message: Explained } | null
  lastReconciled: string
  lastSucceeded: string
  generation: string
  lastError: Explained | null
  job: string
  jobError: Explained | null
  driftNow: boolean
  lastDrift: { at: string; items: string[] } | null
  belowUsage: string[]
  deleteAfter: string | null
  deletedAt: string | null
  posture: string[]
  updatedAt: string
}
