import { z } from 'zod'
import type { Db } from '#server/db/client'
import { REQUEST_COLUMNS } from '#server/db/columns'
import type { Prisma } from '#server/db/generated/client'
import {
  agencyName,
  byResource,
  formatOptionalDate,
  formatOptionalDateTime,
  formatResourceAmount,
  resourceLabel,
} from '#app/utils/labels.server'
import { translate, type Locale } from '#app/utils/i18n.server'
import { requireVisibleObject, type Action } from '#app/utils/auth.server'

/** The 404 message for a request number that names nothing the reader may see. */
export const missingRequest = (number: string | undefined) =>
  ({ key: 'requests.notFound', params: { number: String(number ?? '') } }) as const

/** Request numbers are positive integers (a PostgreSQL INTEGER). */
const RequestNumber = z.coerce.number().int().min(1).max(2_147_483_647)

/**
 * The gate of the request's pages: the request numbered `rawNumber`, as `read` reads it (with its
 * id and agency), to someone allowed `action` on it; otherwise the page's 404 (requireVisibleObject).
 */
export function requireVisibleRequest<T extends { id: string; agencyId: string }>(
  request: Request,
  rawNumber: string | undefined,
  action: Action,
  read: (number: number) => Promise<T | null>,
) {
  const number = RequestNumber.safeParse(rawNumber)
  return requireVisibleObject(request, action, {
    type: 'QuotaRequest',
    missing: missingRequest(rawNumber),
    find: async () => (number.success ? read(number.data) : null),
  })
}

/** What the request page shows: the request, its project and agency, its lines and every vote. */
const REQUEST_PAGE_SELECT = {
  ...REQUEST_COLUMNS,
  project: { select: { name: true, namespace: true } },
  agency: { select: { code: true, nameVi: true, nameEn: true } },
  requestedBy: { select: { displayName: true } },
  lines: { select: { resource: true, requested: true, decided: true } },
  votes: {
    select: {
      id: true,
      kind: true,
      reason: true,
      automatic: true,
      discardedAt: true,
      createdAt: true,
      actor: { select: { displayName: true } },
    },
    orderBy: { createdAt: 'asc' },
  },
} satisfies Prisma.QuotaRequestSelect
type RequestPageRow = Prisma.QuotaRequestGetPayload<{ select: typeof REQUEST_PAGE_SELECT }>

/** The request page's view of the request with that number (or id: the decide page has it). */
export async function loadRequest({
  db,
  locale,
  where,
}: {
  db: Db
  locale: Locale
  where: { number: number } | { id: string }
}) {
  const request = await db.quotaRequest.findUnique({ where, select: REQUEST_PAGE_SELECT })
  if (request === null) return null

  const title = translate(locale, 'requests.numberValue', { number: request.number })
  return {
    title,
    number: request.number,
    kind: translate(locale, `request.kind.${request.kind}`),
    state: request.state,
    stateLabel: translate(locale, `request.state.${request.state}`),
    outcome: request.outcome ? translate(locale, `request.outcome.${request.outcome}`) : null,
    justification: request.justification,
    reason: request.reason,
    project: request.project,
    agency: { code: request.agency.code, name: agencyName(request.agency, locale) },
    requestedBy: request.requestedBy.displayName,
    createdAt: formatOptionalDateTime(request.createdAt, locale),
    submittedAt: formatOptionalDateTime(request.submittedAt, locale),
    decidedAt: formatOptionalDateTime(request.decidedAt, locale),
    endsAt: formatOptionalDate(request.endsAt, locale),
    backup:
      request.backupSchedule !== null && request.backupRetentionDays !== null
        ? translate(locale, 'requests.backupValue', {
            schedule: request.backupSchedule,
            days: request.backupRetentionDays,
          })
        : null,
    lines: [...request.lines].sort(byResource).map((line) => ({
      resource: line.resource,
      label: resourceLabel(line.resource, locale),
      requested: formatResourceAmount(line.resource, line.requested, locale),
      decided: line.decided === null ? null : formatResourceAmount(line.resource, line.decided, locale),
      reduced: line.decided !== null && line.decided < line.requested,
    })),
    votes: request.votes.map((vote) => voteLine(vote, locale)),
  }
}

/** One vote as the page lists it: who, what, when, and whether it was automatic or discarded. */
function voteLine(vote: RequestPageRow['votes'][number], locale: Locale) {
  return {
    id: vote.id,
    kind: vote.kind,
    label: translate(locale, `request.vote.${vote.kind}`),
    actor: vote.actor.displayName,
    reason: vote.reason,
    automatic: vote.automatic ? translate(locale, 'requests.voteAutomatic') : null,
    discarded: vote.discardedAt
      ? translate(locale, 'requests.voteDiscarded', { date: formatOptionalDateTime(vote.discardedAt, locale) ?? '' })
      : null,
    at: formatOptionalDateTime(vote.createdAt, locale),
  }
}
