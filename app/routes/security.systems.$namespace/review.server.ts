import { registrationOf } from '#server/systems/read'
import { reviewSystem } from '#server/systems/store'
import { requireVisibleObject } from '#app/utils/auth.server'
import { getDb } from '#app/utils/db.server'
import { resolveLocale, translate } from '#app/utils/i18n.server'
import {
  changeBy,
  errorsBy,
  levelChoices,
  levelOf,
  readSystemForm,
  registrationDetail,
  ReviewForm,
} from '#app/utils/systems.server'

// The review page (issue 15, decision 0055): everything a security officer decides on, on one
// page, and the decision itself (project.review; the store refuses the proponent and anything
// not pending).

function visible(request: Request, namespace: string) {
  return requireVisibleObject(request, 'project.review', {
    type: 'Project',
    missing: { key: 'system.not_found' },
    find: async () => {
      const view = await registrationOf(getDb(), namespace)
      return view === null ? null : { ...view, agencyId: view.agency.id }
    },
  })
}

export async function reviewPage(request: Request, namespace: string) {
  const { found } = await visible(request, namespace)
  const locale = resolveLocale(request)
  return {
    title: translate(locale, 'systems.review.title', { name: found.name }),
    system: registrationDetail(found, locale),
    open: found.state === 'pending',
    levels: levelChoices(locale),
  }
}

export async function reviewFromForm(request: Request, namespace: string) {
  const { principal } = await visible(request, namespace)
  const locale = resolveLocale(request)
  const values = await readSystemForm(request, ReviewForm)
  if (values === null) throw new Response(translate(locale, 'systems.failed'), { status: 400 })
  const input = { outcome: values.outcome, securityLevel: levelOf(values.securityLevel), reason: values.reason }
  const outcome = await reviewSystem(getDb(), namespace, input, changeBy(principal, request))
  if (outcome.ok) return { ok: true as const }
  return { ok: false as const, errors: errorsBy(outcome.issues, locale), values }
}
