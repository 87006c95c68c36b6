import { z } from 'zod'
import type { Db } from '#server/db/client'
import { CHECK_ID } from '#server/security/catalogue'
import { latestWaiverExpiry, WAIVER_MAX_DAYS } from '#server/security/finding-status'
import type { WaiverError } from '#server/security/waivers'
import { resolveTarget, type WaiverTarget } from '#server/workflow/waiver-request'
import { requireVisibleObject } from '#app/utils/auth.server'
import { getDb } from '#app/utils/db.server'
import { formatDate, translate, type Locale } from '#app/utils/i18n.server'
import { checkTitle, severityLabel } from '#app/utils/waivers.server'

// The waiver request form's server side: who may ask (waiver.request on the project's agency,
// another agency's staff get the 404 a missing project gets), what is asked about, and the
// refusals in words beside their fields.

const missingProject = (namespace: string | undefined) =>
  ({ key: 'projects.notFound', params: { namespace: String(namespace ?? '').slice(0, 80) } }) as const

export async function authorisedProject(request: Request, namespace: string | undefined) {
  const { found: project, principal } = await requireVisibleObject(request, 'waiver.request', {
    type: 'Project',
    missing: missingProject(namespace),
    find: () =>
      getDb().project.findUnique({
        where: { namespace: String(namespace ?? '') },
        select: { id: true, name: true, namespace: true, agencyId: true, securityLevel: true },
      }),
  })
  return { project, principal }
}

const TargetQuery = z.union([
  z.object({ finding: z.uuid() }).transform((q) => ({ findingId: q.finding })),
  z.object({ check: z.string().regex(CHECK_ID) }).transform((q) => ({ checkId: q.check })),
])

/** The target named by the page's query or the form's hidden fields, or null. */
export function targetOf(source: URLSearchParams | FormData): WaiverTarget | null {
  const finding = source.get('finding')
  const check = source.get('check')
  const parsed = TargetQuery.safeParse(finding ? { finding } : check ? { check } : {})
  return parsed.success ? parsed.data : null
}

/** What the form says about its target: the check, the object, the severity and the latest expiry. */
export async function describeTarget(
  db: Db,
  project: { id: string; securityLevel: number },
  target: WaiverTarget | null,
  locale: Locale,
  now = new Date(),
) {
  const resolved = target ? await resolveTarget(db, project, target) : null
  if (resolved === null || 'code' in resolved) return null
  const latest = latestWaiverExpiry(resolved.severity, now)
  const subject = resolved.subject
  return {
    checkId: resolved.checkId,
    checkTitle: checkTitle(resolved.checkId, locale),
    subject: subject
      ? `${subject.kind} ${subject.namespace ? `${subject.namespace}/` : ''}${subject.name}`
      : translate(locale, 'waiver.wholeCheck'),
    maxExpiry: translate(locale, 'waiver.new.maxExpiry', {
      severity: severityLabel(resolved.severity, locale),
      days: WAIVER_MAX_DAYS[resolved.severity],
      date: formatDate(latest, locale),
    }),
    // The date field's bounds, as days in Việt Nam.
    maxDate: new Date(latest.getTime() + 7 * 3_600_000).toISOString().slice(0, 10),
  }
}

export type FieldName = 'justification' | 'compensatingControl' | 'expiresAt' | 'target'

/** The refusals in words, by field (the form's own fields; anything else goes above the form). */
export function errorsInWords(errors: readonly WaiverError[], locale: Locale): Partial<Record<FieldName, string[]>> {
  const out: Partial<Record<FieldName, string[]>> = {}
  for (const error of errors) {
    const params = { ...error.params }
    if (typeof params['latest'] === 'string') params['latest'] = formatDate(new Date(params['latest']), locale)
    const field: FieldName =
      error.field === 'justification' || error.field === 'compensatingControl' || error.field === 'expiresAt'
        ? error.field
        : 'target'
    ;(out[field] ??= []).push(translate(locale, `waiver.error.${error.code}`, params))
  }
  return out
}
