import type { Db } from '#server/db/client'
import type { LineChange } from '#server/domain/round-changes'
import { byResource, formatResourceAmount, resourceLabel } from '#app/utils/labels.server'
import { translate, type Locale } from '#app/utils/i18n.server'
import { loadRequest } from '../requests.$number/request.server'

// What is being decided, on the decide page itself (issue 17, decision 0067): the system and its
// agency, its security level and personal-data flag, the justification, what changed since the
// request was returned, and every vote so far. Read as the request page reads it, for a reader
// the route has already let see the request.

export async function loadDecisionSubject(
  db: Db,
  input: {
    requestId: string
    locale: Locale
    project: { securityLevel: number; processesPersonalData: boolean }
    changedSinceReturn: readonly LineChange[] | null
  },
) {
  const { locale } = input
  const request = await loadRequest({ db, locale, where: { id: input.requestId } })
  if (request === null) return null
  // A resource not asked for on one side reads as none, not as "0 B".
  const amount = (change: LineChange, value: bigint) =>
    value === 0n ? translate(locale, 'common.none') : formatResourceAmount(change.resource, value, locale)
  return {
    stateLabel: request.stateLabel,
    state: request.state,
    kind: request.kind,
    project: request.project,
    agency: request.agency,
    requestedBy: request.requestedBy,
    submittedAt: request.submittedAt,
    justification: request.justification,
    securityLevel: String(input.project.securityLevel),
    personalData: translate(locale, input.project.processesPersonalData ? 'common.yes' : 'common.no'),
    // Null: never returned; empty: returned and sent back with the same amounts.
    changes:
      input.changedSinceReturn === null
        ? null
        : [...input.changedSinceReturn].sort(byResource).map((change) => ({
            resource: change.resource,
            label: resourceLabel(change.resource, locale),
            before: amount(change, change.before),
            after: amount(change, change.after),
          })),
    votes: request.votes,
  }
}
