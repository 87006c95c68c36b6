// The bridge from the workflow routes into server/ (docs/ARCHITECTURE.md: only *.server.ts files in
// app/ import server code, so nothing of it can reach the browser bundle by accident).
import type { ApprovalPolicy } from '#server/domain/security-policy'
import { approvalPolicyInForce } from '#server/policies/store'
import { getDb } from './db.server'
export { actInTransaction, actOnRequest } from '#server/workflow/act-on-request'
export { createDraftRequest } from '#server/workflow/create-request'
export { actorOf } from '#server/identity/principal'
export { REQUEST_ACTION_PERMISSION } from '#server/identity/request-permissions'
export { formatDomainError } from '#server/i18n/domain-errors'

/** The approval policy in force (decision 0049): read at each use, so a saved version applies at once. */
export const approvalPolicy = async (): Promise<ApprovalPolicy> => approvalPolicyInForce(getDb())
