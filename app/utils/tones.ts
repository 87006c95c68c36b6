import type { BadgeTone } from '#app/components/ui/badge'

const REQUEST_STATE_TONES: Readonly<Record<string, BadgeTone>> = {
  draft: 'neutral',
  submitted: 'info',
  returned: 'warning',
  approved: 'success',
  rejected: 'danger',
  withdrawn: 'neutral',
  provisioning: 'info',
  active: 'success',
  expired: 'neutral',
  revoked: 'danger',
}

export function requestStateTone(state: string): BadgeTone {
  return REQUEST_STATE_TONES[state] ?? 'neutral'
}

export function allocationStateTone(state: string): BadgeTone {
  return state === 'active' ? 'success' : state === 'revoked' ? 'danger' : 'neutral'
}

const SEVERITY_TONES: Readonly<Record<string, BadgeTone>> = {
  low: 'neutral',
  medium: 'info',
  high: 'warning',
  critical: 'danger',
}

export function severityTone(severity: string): BadgeTone {
  return SEVERITY_TONES[severity] ?? 'neutral'
}

export function findingStatusTone(status: string): BadgeTone {
  return status === 'overdue' ? 'danger' : status === 'waived' ? 'info' : status === 'resolved' ? 'success' : 'warning'
}

const WAIVER_STATE_TONES: Readonly<Record<string, BadgeTone>> = {
  requested: 'info',
  approved: 'success',
  rejected: 'danger',
  withdrawn: 'neutral',
  revoked: 'danger',
  expired: 'neutral',
}

export function waiverStateTone(state: string): BadgeTone {
  return WAIVER_STATE_TONES[state] ?? 'neutral'
}
