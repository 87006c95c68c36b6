import type { Prisma } from './generated/client'

// A row's own columns, as the console reads them: the selects that read a whole request or
// project (the domain's request, the API's, the request and project pages) spread one of these
// and add the relations they need, so a column added to the table is added here once.

/** Every column of a quota request but its idempotency key (read only by createDraftRequest). */
export const REQUEST_COLUMNS = {
  id: true,
  number: true,
  projectId: true,
  agencyId: true,
  requestedById: true,
  kind: true,
  state: true,
  outcome: true,
  justification: true,
  reason: true,
  endsAt: true,
  backupSchedule: true,
  backupRetentionDays: true,
  version: true,
  createdAt: true,
  updatedAt: true,
  submittedAt: true,
  decidedAt: true,
} as const satisfies Prisma.QuotaRequestSelect

/** Every column of a project. */
export const PROJECT_COLUMNS = {
  id: true,
  agencyId: true,
  name: true,
  slug: true,
  namespace: true,
  description: true,
  securityLevel: true,
  processesPersonalData: true,
  contactName: true,
  contactEmail: true,
  contactPhone: true,
  createdAt: true,
  updatedAt: true,
} as const satisfies Prisma.ProjectSelect
