import { listRegistrations } from '#server/systems/read'
import { registerSystem } from '#server/systems/store'
import { may, ofAgency, PLATFORM, requireAuthorised, requireListScope } from '#app/utils/auth.server'
import { getDb } from '#app/utils/db.server'
import { resolveLocale, translate } from '#app/utils/i18n.server'
import { agencyName } from '#app/utils/labels.server'
import {
  changeBy,
  errorsBy,
  levelChoices,
  readSystemForm,
  registrationInput,
  registrationRow,
  RegistrationForm,
} from '#app/utils/systems.server'

// The information systems an agency's staff (and the data centre) see, and the registration form
// for whoever may register for at least one agency (issue 15, decision 0055). The list is scoped
// by project.list; the form offers only the active agencies project.create allows.

const LIST_LIMIT = 500

export async function systemsPage(request: Request) {
  const { principal, agencyIds } = await requireListScope(request, 'project.list')
  const locale = resolveLocale(request)
  const db = getDb()
  const [views, agencies] = await Promise.all([
    listRegistrations(db, { agencyIds, limit: LIST_LIMIT }),
    db.agency.findMany({ where: { status: 'active' }, select: { id: true, code: true, nameVi: true, nameEn: true } }),
  ])
  const collator = new Intl.Collator(locale)
  const choices = agencies
    .filter((agency) => may(principal, 'project.create', ofAgency(agency.id)))
    .map((agency) => ({ value: agency.code, label: `${agencyName(agency, locale)} (${agency.code})` }))
    .sort((a, b) => collator.compare(a.label, b.label))
  return {
    title: translate(locale, 'systems.title'),
    systems: views.map((view) => registrationRow(view, locale)),
    agencies: choices,
    levels: levelChoices(locale),
  }
}

/** Registers the posted system: its namespace when made, else the errors by field and what was typed. */
export async function registerFromForm(request: Request) {
  const principal = await requireAuthorised(request, 'project.create', PLATFORM)
  const locale = resolveLocale(request)
  const values = await readSystemForm(request, RegistrationForm)
  if (values === null) throw new Response(translate(locale, 'systems.failed'), { status: 400 })
  const db = getDb()
  const agency = await db.agency.findUnique({ where: { code: values.agencyCode }, select: { id: true } })
  // The form offers only the reader's agencies: another agency's code is a forged form, answered
  // with the 404 of an unknown one and audited; an unknown code is refused beside its field.
  if (agency !== null)
    await requireAuthorised(request, 'project.create', ofAgency(agency.id), {
      target: { type: 'Agency', id: agency.id },
    })
  const input = { ...registrationInput(values), agencyCode: values.agencyCode }
  const outcome = await registerSystem(db, input, changeBy(principal, request))
  if (outcome.ok) return { ok: true as const, namespace: outcome.value.namespace }
  return { ok: false as const, errors: errorsBy(outcome.issues, locale), values }
}
