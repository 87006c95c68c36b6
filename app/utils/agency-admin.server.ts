import { z } from 'zod'
import { agencyTree, type AgencyOutcome } from '#server/agencies/store'
import { AGENCY_KINDS } from '#server/domain/agency'
import { formatDomainError } from '#server/i18n/domain-errors'
import { actorOf } from '#server/identity/principal'
import type { Principal } from '#server/identity/principal'
import { requestOrigin } from './client-origin.server'
import { getDb } from './db.server'
import { readForm } from './form.server'
import { translate, type Locale } from './i18n.server'
import { agencyKindLabel, agencyName } from './labels.server'

// What the agency administration pages share (issue 15, decision 0052): the posted form read
// through zod (every field text of a bounded length; the domain's rules then decide), the store's
// refusals put beside their fields, and the choices of kind and parent.

const text = (max: number) => z.string().max(max).optional().default('')

export const AgencyForm = z.object({
  intent: text(20),
  code: text(100),
  nameVi: text(1000),
  nameEn: text(1000),
  kind: text(50),
  parentCode: text(100),
  // A merger's (decision 0057).
  intoCode: text(100),
  effectiveDate: text(20),
  // The preview the confirmation was made on (decision 0075).
  previewed: text(40),
})
export type AgencyFormValues = z.infer<typeof AgencyForm>

/** The posted form, or the whole form refused at once when a field is not text or far too long. */
export async function readAgencyForm(request: Request): Promise<AgencyFormValues | null> {
  const form = await readForm(request)
  const raw = Object.fromEntries(
    Object.keys(AgencyForm.shape).map((name) => [name, form.get(name) ?? undefined] as const),
  )
  const parsed = AgencyForm.safeParse(raw)
  return parsed.success ? parsed.data : null
}

/** The store's refusal as messages by field (`form` for the whole form). */
export function errorsOf(outcome: AgencyOutcome, locale: Locale): Record<string, string[]> {
  const errors: Record<string, string[]> = {}
  if (!outcome.ok)
    for (const found of outcome.issues)
      (errors[found.path || 'form'] ??= []).push(formatDomainError(found.error, locale))
  return errors
}

export const changeBy = (principal: Principal, request: Request) => ({
  actor: actorOf(principal),
  origin: requestOrigin(request),
})

/** The kinds and the active agencies a parent may be chosen from, in the reader's language. */
export async function agencyChoices(locale: Locale) {
  const tree = await agencyTree(getDb())
  const collator = new Intl.Collator(locale)
  return {
    tree,
    kinds: AGENCY_KINDS.map((kind) => ({ value: kind, label: agencyKindLabel(kind, locale) })),
    parents: tree
      .filter((agency) => agency.status === 'active')
      .map((agency) => ({ value: agency.code, label: `${agencyName(agency, locale)} (${agency.code})` }))
      .sort((a, b) => collator.compare(a.label, b.label)),
    noParent: translate(locale, 'agencyAdmin.noParent'),
  }
}
