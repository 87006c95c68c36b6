// The bridge from the workflow routes into server/ (docs/ARCHITECTURE.md: only *.server.ts files in
// app/ import server code, so nothing of it can reach the browser bundle by accident).
export { actOnRequest } from '#server/workflow/act-on-request'
export { createDraftRequest } from '#server/workflow/create-request'
export { actorOf } from '#server/identity/principal'
export { REQUEST_ACTION_PERMISSION } from '#server/identity/request-permissions'
export { approvalPolicy } from '#server/workflow/policy'
export { formatDomainError } from '#server/i18n/domain-errors'
