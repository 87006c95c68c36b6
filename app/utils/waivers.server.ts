// The bridge from the waiver pages into server/ (only *.server.ts files import server code), and
// how a finding and a waiver read on a page: one place for the project page, the waivers pages
// and the report.
import type { Db } from '#server/db/client'
import { dueAt, findingStatus, waivedUntil, type FindingFacts, type WaiverFacts } from '#server/security/finding-status'
import type { Severity } from '#server/security/catalogue'
import { subjectLabel } from '#server/workflow/waiver-facts'
import { agencyName } from './labels.server'
import { isMessageKey } from '#server/i18n'
import { formatDate, formatDateTime, translate, type Locale } from './i18n.server'

export { requestWaiver, type WaiverTarget } from '#server/workflow/waiver-request'
export { actOnWaiver } from '#server/workflow/waiver-actions'
export { decideWaiverAction, waiverActionsFor, type PersonAction } from '#server/security/waivers'
export { subjectLabel }
export { toCsv } from '#server/security/csv'

export function checkTitle(checkId: string, locale: Locale): string {
  const key = `check.${checkId}.title`
  return isMessageKey(key) ? translate(locale, key) : checkId
}

export function checkRemediation(checkId: string, locale: Locale): string {
  const key = `check.${checkId}.remediation`
  return isMessageKey(key) ? translate(locale, key) : ''
}

export const severityLabel = (severity: Severity, locale: Locale) => translate(locale, `check.severity.${severity}`)

type FindingIn = FindingFacts & { id: string; lastSeenAt: Date }

/** A finding as a page row: the check in words, its status by the one rule, until when it is waived or due. */
export function findingRow(
  finding: FindingIn,
  waivers: readonly WaiverFacts[],
  { locale, now }: { locale: Locale; now: Date },
) {
  const status = findingStatus(finding, waivers, now)
  const covering = waivedUntil(finding, waivers, now)
  return {
    id: finding.id,
    checkId: finding.checkId,
    checkTitle: checkTitle(finding.checkId, locale),
    remediation: checkRemediation(finding.checkId, locale),
    severity: finding.severity,
    severityLabel: severityLabel(finding.severity, locale),
    subject: subjectLabel(finding) ?? '',
    firstSeen: formatDate(finding.firstSeenAt, locale),
    lastSeen: formatDateTime(finding.lastSeenAt, locale),
    status,
    statusLabel: translate(locale, `waiver.findingStatus.${status}`),
    due: formatDate(dueAt(finding), locale),
    waivedUntil: status === 'waived' && covering ? formatDate(covering, locale) : null,
  }
}

export type WaiverIn = WaiverFacts & {
  id: string
  number: number
  requestedById: string
  requestedAt: Date
}

/** People's names by id (the console's own actors, `system:…`, are not people). */
export async function namesOf(db: Db, ids: readonly string[]): Promise<Map<string, string>> {
  const uuids = [...new Set(ids)].filter((id) => /^[0-9a-f-]{36}$/i.test(id))
  const users = await db.user.findMany({ where: { id: { in: uuids } }, select: { id: true, displayName: true } })
  return new Map(users.map((u) => [u.id, u.displayName]))
}

/** A waiver as a row of a table (the project page, the queue, the report). */
export function waiverRowOf(waiver: WaiverIn, names: ReadonlyMap<string, string>, locale: Locale) {
  return {
    id: waiver.id,
    number: waiver.number,
    checkId: waiver.checkId,
    checkTitle: checkTitle(waiver.checkId, locale),
    subject: subjectLabel(waiver) ?? translate(locale, 'waiver.wholeCheck'),
    state: waiver.state,
    stateLabel: translate(locale, `waiver.state.${waiver.state as 'requested'}`),
    expiresAt: formatDate(waiver.expiresAt, locale),
    requestedAt: formatDate(waiver.requestedAt, locale),
    requestedBy: names.get(waiver.requestedById) ?? waiver.requestedById,
  }
}

export async function waiverRow(db: Db, waiver: WaiverIn, locale: Locale) {
  return waiverRowOf(waiver, await namesOf(db, [waiver.requestedById]), locale)
}

/** The projects of these waivers, with their agencies' names, by id. */
export async function projectsOf(db: Db, projectIds: readonly string[], locale: Locale) {
  const projects = await db.project.findMany({
    where: { id: { in: [...new Set(projectIds)] } },
    select: { id: true, name: true, namespace: true, agency: { select: { code: true, nameVi: true, nameEn: true } } },
  })
  return new Map(
    projects.map((p) => [
      p.id,
      { name: p.name, namespace: p.namespace, agency: agencyName(p.agency, locale), agencyCode: p.agency.code },
    ]),
  )
}
