import { PROJECT_COLUMNS, REQUEST_COLUMNS } from '../db/columns'
import type { Prisma } from '../db/generated/client'
import { capacityOf, POOL_CAPACITY_SELECT, roomOf } from '../db/pool-capacity'
import { DOMAIN_REQUEST_SELECT } from '../db/request-rows'
import { formatK8sQuantity } from '../domain/quantity'
import type { RequestAction } from '../domain/request-state'
import { unitOf } from '../domain/resources'
import type { components } from './generated/openapi'

// Rows as the API shows them, with the explicit selects that read them. Amounts leave as exact
// Kubernetes quantities (`formatK8sQuantity`), dates as ISO 8601 in UTC.

type Schemas = components['schemas']
export type AgencyJson = Schemas['Agency']
export type ProjectJson = Schemas['Project']
export type ProjectDetailJson = Schemas['ProjectDetail']
export type AllocationJson = Schemas['Allocation']
export type RequestSummaryJson = Schemas['QuotaRequestSummary']
export type RequestJson = Schemas['QuotaRequest']
export type PoolJson = Schemas['Pool']
export type LineJson = Schemas['Line']
export type ActionName = Schemas['RequestActionName']

export const quantity = (resource: string, amount: bigint): string => formatK8sQuantity(amount, unitOf(resource))
const iso = (date: Date | null): string | null => (date === null ? null : date.toISOString())
const line = (resource: string, amount: bigint): LineJson => ({ resource, amount: quantity(resource, amount) })

// ——— Agencies ———

export const AGENCY_SELECT = {
  id: true,
  code: true,
  nameVi: true,
  nameEn: true,
  kind: true,
  status: true,
  parent: { select: { code: true } },
  mergedInto: { select: { code: true } },
} satisfies Prisma.AgencySelect

export function agencyJson(row: Prisma.AgencyGetPayload<{ select: typeof AGENCY_SELECT }>): AgencyJson {
  return {
    id: row.id,
    code: row.code,
    name: { vi: row.nameVi, en: row.nameEn },
    kind: row.kind,
    parentCode: row.parent?.code ?? null,
    status: row.status,
    mergedIntoCode: row.mergedInto?.code ?? null,
  }
}

// ——— Projects and allocations ———

export const PROJECT_SELECT = {
  ...PROJECT_COLUMNS,
  agency: { select: { code: true } },
} satisfies Prisma.ProjectSelect

export function projectJson(row: Prisma.ProjectGetPayload<{ select: typeof PROJECT_SELECT }>): ProjectJson {
  return {
    id: row.id,
    agencyCode: row.agency.code,
    name: row.name,
    slug: row.slug,
    namespace: row.namespace,
    description: row.description,
    securityLevel: row.securityLevel,
    processesPersonalData: row.processesPersonalData,
    contact: { name: row.contactName, email: row.contactEmail, phone: row.contactPhone },
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  }
}

export const ALLOCATION_SELECT = {
  projectId: true,
  state: true,
  endsAt: true,
  backupSchedule: true,
  backupRetentionDays: true,
  updatedAt: true,
  lines: { select: { resource: true, amount: true }, orderBy: { resource: 'asc' } },
} satisfies Prisma.AllocationSelect

export function allocationJson(row: Prisma.AllocationGetPayload<{ select: typeof ALLOCATION_SELECT }>): AllocationJson {
  return {
    projectId: row.projectId,
    state: row.state,
    endDate: iso(row.endsAt),
    backup: backupJson(row.backupSchedule, row.backupRetentionDays),
    lines: row.lines.filter((l) => l.amount !== 0n).map((l) => line(l.resource, l.amount)),
    updatedAt: row.updatedAt.toISOString(),
  }
}

function backupJson(schedule: string | null, retentionDays: number | null): Schemas['Backup'] | null {
  return schedule !== null && retentionDays !== null ? { schedule, retentionDays } : null
}

// ——— Requests ———

export const REQUEST_SELECT = {
  ...REQUEST_COLUMNS,
  agency: { select: { code: true } },
  requestedBy: { select: { id: true, displayName: true } },
  lines: { select: { resource: true, requested: true, decided: true }, orderBy: { resource: 'asc' } },
} satisfies Prisma.QuotaRequestSelect

/** The summary's fields, what the domain's request is read from, and the votes with names. */
export const REQUEST_DETAIL_SELECT = {
  ...REQUEST_SELECT,
  ...DOMAIN_REQUEST_SELECT,
  votes: {
    select: { ...DOMAIN_REQUEST_SELECT.votes.select, actor: { select: { id: true, displayName: true } } },
    orderBy: DOMAIN_REQUEST_SELECT.votes.orderBy,
  },
} satisfies Prisma.QuotaRequestSelect

export type RequestRow = Prisma.QuotaRequestGetPayload<{ select: typeof REQUEST_SELECT }>
export type RequestDetailRow = Prisma.QuotaRequestGetPayload<{ select: typeof REQUEST_DETAIL_SELECT }>

export function requestSummaryJson(row: RequestRow): RequestSummaryJson {
  const decided = row.lines.some((l) => l.decided !== null)
  return {
    id: row.id,
    number: row.number,
    projectId: row.projectId,
    agencyCode: row.agency.code,
    kind: row.kind,
    state: row.state,
    outcome: row.outcome,
    lines: row.lines.map((l) => line(l.resource, l.requested)),
    decidedLines: decided ? row.lines.map((l) => line(l.resource, l.decided ?? 0n)) : null,
    justification: row.justification,
    reason: row.reason,
    endDate: iso(row.endsAt),
    backup: backupJson(row.backupSchedule, row.backupRetentionDays),
    version: row.version,
    requestedBy: { id: row.requestedBy.id, displayName: row.requestedBy.displayName },
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    submittedAt: iso(row.submittedAt),
    decidedAt: iso(row.decidedAt),
  }
}

export function requestJson(
  row: RequestDetailRow,
  allowed: { actions: readonly ActionName[]; editable: boolean },
): RequestJson {
  return {
    ...requestSummaryJson(row),
    votes: row.votes.map((v) => ({
      kind: v.kind,
      by: { id: v.actor.id, displayName: v.actor.displayName },
      reason: v.reason,
      automatic: v.automatic,
      at: v.createdAt.toISOString(),
      discarded: v.discardedAt !== null,
    })),
    allowedActions: [...allowed.actions],
    editable: allowed.editable,
  }
}

/** The API's action names and the state machine's. */
export const ACTION_NAMES: Readonly<Record<ActionName, RequestAction>> = {
  submit: 'submit',
  resubmit: 'resubmit',
  withdraw: 'withdraw',
  approve: 'approve',
  'sign-off': 'sign_off',
  reject: 'reject',
  return: 'return',
  revoke: 'revoke',
}

// ——— Pools ———

export const POOL_SELECT = {
  code: true,
  nameVi: true,
  nameEn: true,
  kind: true,
  storageClass: true,
  resources: { select: POOL_CAPACITY_SELECT, orderBy: { resource: 'asc' } },
} satisfies Prisma.CapacityPoolSelect

export function poolJson(row: Prisma.CapacityPoolGetPayload<{ select: typeof POOL_SELECT }>): PoolJson {
  return {
    code: row.code,
    name: { vi: row.nameVi, en: row.nameEn },
    kind: row.kind,
    storageClass: row.storageClass,
    resources: row.resources.map((r) => {
      const capacity = capacityOf(r)
      return {
        resource: r.resource,
        physical: quantity(r.resource, r.physical),
        overcommit: { numerator: r.overcommitNum, denominator: r.overcommitDen },
        capacity: quantity(r.resource, capacity),
        allocated: quantity(r.resource, r.allocated),
        headroom: quantity(r.resource, roomOf(r)),
      }
    }),
  }
}
