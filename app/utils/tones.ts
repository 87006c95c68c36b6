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
