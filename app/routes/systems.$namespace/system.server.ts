import { registrationOf } from '#server/systems/read'
import { resubmitSystem } from '#server/systems/store'
import { may, ofAgency, requireVisibleObject } from '#app/utils/auth.server'
import { getDb } from '#app/utils/db.server'
import { resolveLocale, translate } from '#app/utils/i18n.server'
import {
  changeBy,
  errorsBy,
  levelChoices,
  levelOf,
  readSystemForm,
  RegistrationForm,
  registrationDetail,
} from '#app/utils/systems.server'

// One information system's registration for its agency (issue 15, decision 0055): the state, the
// level proposed and in force, the history; the form that sends a returned one again.

async function visible(request: Request, namespace: string, action: 'project.read' | 'project.update') {
  return requireVisibleObject(request, action, {
    type: 'Project',
    missing: { key: 'system.not_found' },
    find: async () => {
      const view = await registrationOf(getDb(), namespace)
      return view === null ? null : { ...view, agencyId: view.agency.id }
    },
  })
}

export async function systemPage(request: Request, namespace: string) {
  const { found, principal } = await visible(request, namespace, 'project.read')
  const locale = resolveLocale(request)
  const agency = ofAgency(found.agency.id)
  return {
    title: found.name,
    system: registrationDetail(found, locale),
    mayResubmit: found.state === 'returned' && may(principal, 'project.update', agency),
    mayRequest: found.state === 'confirmed' && may(principal, 'request.create', agency),
    levels: levelChoices(locale),
    waiting: translate(locale, 'systems.waiting'),
  }
}

/** Sends a returned registration again: the level and its document, refused at their fields. */
export async function resubmitFromForm(request: Request, namespace: string) {
  const { principal } = await visible(request, namespace, 'project.update')
  const locale = resolveLocale(request)
  const values = await readSystemForm(
    request,
    RegistrationForm.pick({
      securityLevel: true,
      documentNumber: true,
      documentDate: true,
      documentIssuer: true,
    }),
  )
  if (values === null) throw new Response(translate(locale, 'systems.failed'), { status: 400 })
  const input = { ...values, securityLevel: levelOf(values.securityLevel) }
  const outcome = await resubmitSystem(getDb(), namespace, input, changeBy(principal, request))
  if (outcome.ok) return { ok: true as const }
  return { ok: false as const, errors: errorsBy(outcome.issues, locale), values }
}
