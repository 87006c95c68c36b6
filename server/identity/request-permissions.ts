import type { RequestAction } from '../domain/request-state'
import type { Action } from './authorise'

// The one table of which permission each request action needs. authorise() answers it first
// (console page and API alike); the state machine then applies its own rules (roles, votes,
// the requester never deciding) to whoever got through.

export const REQUEST_ACTION_PERMISSION: Readonly<Record<RequestAction, Action>> = {
  save: 'request.edit',
  submit: 'request.submit',
  resubmit: 'request.submit',
  withdraw: 'request.withdraw',
  approve: 'request.decide',
  reject: 'request.decide',
  return: 'request.decide',
  sign_off: 'request.sign_off',
  // The system's own steps (provisioning, expiry) are never taken through a page or the API;
  // a person who could take them would be one who may revoke.
  revoke: 'request.revoke',
  start_provisioning: 'request.revoke',
  mark_active: 'request.revoke',
  expire: 'request.revoke',
}
