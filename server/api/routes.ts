import type { Action } from '../identity/authorise'
import type { Operation } from './context'
import { getAgency, listAgencies } from './operations/agencies'
import { exportAuditEntries, getAuditIntegrity, listAuditEntries } from './operations/audit'
import { getCheck, listChecks, listSecurityScans } from './operations/checks'
import { getFinding, getFindingSummary, listFindings } from './operations/findings'
import { BACKUP_ROUTES } from './operations/backups'
import { BUDGET_ROUTES } from './operations/budgets'
import { CLOSURE_ROUTES } from './operations/closures'
import { POLICY_ROUTES } from './operations/policies'
import { AGENCY_ADMIN_ROUTES } from './operations/agency-admin'
import { AGENCY_MERGE_CANCEL_ROUTE, AGENCY_MERGE_ROUTE } from './operations/agency-merge'
import { POOL_ADMIN_ROUTES } from './operations/pool-admin'
import { listPools } from './operations/pools'
import { getProject, getProjectAllocation, listProjects } from './operations/projects'
import {
  createS3Credential,
  getProjectProvisioning,
  listS3Credentials,
  revokeS3Credential,
  rotateS3Credential,
} from './operations/provisioning'
import { getRequest, listRequests } from './operations/requests'
import { actOnRequest, createRequest, updateRequest } from './operations/requests-write'
import { RATE_ROUTES } from './operations/rates'
import { getOpenApiDocument } from './operations/spec'
import { STATEMENT_ROUTES } from './operations/statements'
import { SYSTEM_CHANGE_ROUTES } from './operations/system-changes'
import { SYSTEM_ROUTES } from './operations/systems'
import { USAGE_ROUTES } from './operations/usage'
import { actOnWaiver, getWaiver, listWaivers, requestWaiver } from './operations/waivers'

// Every operation of openapi.yaml, by method and path template exactly as the document writes
// them; a test fails when the two differ (tests/integration/api/contract.test.ts). router.ts
// matches requests against this table.

export type HttpMethod = 'GET' | 'POST' | 'PUT'

export type RouteEntry = {
  operationId: string
  method: HttpMethod
  /** Relative to /api/v1, with `{name}` parameters. */
  path: string
  /**
   * The authorise() action that decides whether the caller may (for the authorisation matrix).
   * Operations on one object first ask its `*.read` too, which answers 404 for other agencies;
   * actOnRequest asks one more per action (REQUEST_ACTION_PERMISSION in identity/request-permissions.ts).
   */
  authorises: Action | null
} & (
  | { authenticated: true; run: Operation }
  /** Only the document itself is served without a token. */
  | { authenticated: false; run: () => Promise<Response> }
)

export const ROUTES: readonly RouteEntry[] = [
  {
    operationId: 'getOpenApiDocument',
    method: 'GET',
    path: '/openapi.yaml',
    authorises: null,
    authenticated: false,
    run: getOpenApiDocument,
  },
  {
    operationId: 'listAgencies',
    method: 'GET',
    path: '/agencies',
    authorises: 'agency.list',
    authenticated: true,
    run: listAgencies,
  },
  {
    operationId: 'getAgency',
    method: 'GET',
    path: '/agencies/{agencyCode}',
    authorises: 'agency.read',
    authenticated: true,
    run: getAgency,
  },
  {
    operationId: 'listProjects',
    method: 'GET',
    path: '/projects',
    authorises: 'project.list',
    authenticated: true,
    run: listProjects,
  },
  {
    operationId: 'getProject',
    method: 'GET',
    path: '/projects/{projectId}',
    authorises: 'project.read',
    authenticated: true,
    run: getProject,
  },
  {
    operationId: 'getProjectAllocation',
    method: 'GET',
    path: '/projects/{projectId}/allocation',
    authorises: 'allocation.read',
    authenticated: true,
    run: getProjectAllocation,
  },
  {
    operationId: 'getProjectProvisioning',
    method: 'GET',
    path: '/projects/{projectId}/provisioning',
    authorises: 'project.read',
    authenticated: true,
    run: getProjectProvisioning,
  },
  {
    operationId: 'listS3Credentials',
    method: 'GET',
    path: '/projects/{projectId}/s3-credentials',
    authorises: 'credentials.list',
    authenticated: true,
    run: listS3Credentials,
  },
  {
    operationId: 'createS3Credential',
    method: 'POST',
    path: '/projects/{projectId}/s3-credentials',
    authorises: 'credentials.issue',
    authenticated: true,
    run: createS3Credential,
  },
  {
    operationId: 'rotateS3Credential',
    method: 'POST',
    path: '/projects/{projectId}/s3-credentials/{credentialId}/rotate',
    authorises: 'credentials.issue',
    authenticated: true,
    run: rotateS3Credential,
  },
  {
    operationId: 'revokeS3Credential',
    method: 'POST',
    path: '/projects/{projectId}/s3-credentials/{credentialId}/revoke',
    authorises: 'credentials.revoke',
    authenticated: true,
    run: revokeS3Credential,
  },
  {
    operationId: 'listRequests',
    method: 'GET',
    path: '/requests',
    authorises: 'request.list',
    authenticated: true,
    run: listRequests,
  },
  {
    operationId: 'createRequest',
    method: 'POST',
    path: '/requests',
    authorises: 'request.create',
    authenticated: true,
    run: createRequest,
  },
  {
    operationId: 'getRequest',
    method: 'GET',
    path: '/requests/{requestId}',
    authorises: 'request.read',
    authenticated: true,
    run: getRequest,
  },
  {
    operationId: 'updateRequest',
    method: 'PUT',
    path: '/requests/{requestId}',
    authorises: 'request.edit',
    authenticated: true,
    run: updateRequest,
  },
  {
    operationId: 'actOnRequest',
    method: 'POST',
    path: '/requests/{requestId}/actions/{action}',
    authorises: 'request.read',
    authenticated: true,
    run: actOnRequest,
  },
  {
    operationId: 'listPools',
    method: 'GET',
    path: '/pools',
    authorises: 'pool.read',
    authenticated: true,
    run: listPools,
  },
  {
    operationId: 'listAuditEntries',
    method: 'GET',
    path: '/audit/entries',
    authorises: 'audit.read',
    authenticated: true,
    run: listAuditEntries,
  },
  {
    operationId: 'getAuditIntegrity',
    method: 'GET',
    path: '/audit/integrity',
    authorises: 'audit.read',
    authenticated: true,
    run: getAuditIntegrity,
  },
  {
    operationId: 'exportAuditEntries',
    method: 'GET',
    path: '/audit/export',
    authorises: 'audit.read',
    authenticated: true,
    run: exportAuditEntries,
  },
  {
    operationId: 'listWaivers',
    method: 'GET',
    path: '/waivers',
    authorises: 'waiver.list',
    authenticated: true,
    run: listWaivers,
  },
  {
    operationId: 'requestWaiver',
    method: 'POST',
    path: '/waivers',
    authorises: 'waiver.request',
    authenticated: true,
    run: requestWaiver,
  },
  {
    operationId: 'getWaiver',
    method: 'GET',
    path: '/waivers/{waiverId}',
    authorises: 'waiver.read',
    authenticated: true,
    run: getWaiver,
  },
  {
    operationId: 'actOnWaiver',
    method: 'POST',
    path: '/waivers/{waiverId}/actions/{action}',
    // Then waiver.decide, waiver.revoke or waiver.withdraw by the action (operations/waivers.ts).
    authorises: 'waiver.read',
    authenticated: true,
    run: actOnWaiver,
  },
  {
    operationId: 'listFindings',
    method: 'GET',
    path: '/findings',
    authorises: 'findings.read',
    authenticated: true,
    run: listFindings,
  },
  // Before /findings/{findingId}: the first route matching a path and method answers it.
  {
    operationId: 'getFindingSummary',
    method: 'GET',
    path: '/findings/summary',
    authorises: 'findings.read',
    authenticated: true,
    run: getFindingSummary,
  },
  {
    operationId: 'getFinding',
    method: 'GET',
    path: '/findings/{findingId}',
    authorises: 'findings.read',
    authenticated: true,
    run: getFinding,
  },
  {
    operationId: 'listChecks',
    method: 'GET',
    path: '/checks',
    authorises: 'checks.read',
    authenticated: true,
    run: listChecks,
  },
  {
    operationId: 'getCheck',
    method: 'GET',
    path: '/checks/{checkId}',
    authorises: 'checks.read',
    authenticated: true,
    run: getCheck,
  },
  {
    operationId: 'listSecurityScans',
    method: 'GET',
    path: '/security/scans',
    authorises: 'scans.read',
    authenticated: true,
    run: listSecurityScans,
  },
  ...RATE_ROUTES,
  ...POLICY_ROUTES,
  ...AGENCY_ADMIN_ROUTES,
  AGENCY_MERGE_ROUTE,
  AGENCY_MERGE_CANCEL_ROUTE,
  ...POOL_ADMIN_ROUTES,
  ...SYSTEM_ROUTES,
  ...SYSTEM_CHANGE_ROUTES,
  ...STATEMENT_ROUTES,
  ...USAGE_ROUTES,
  ...BUDGET_ROUTES,
  ...BACKUP_ROUTES,
  ...CLOSURE_ROUTES,
]
