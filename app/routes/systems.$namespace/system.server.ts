import { z } from 'zod'
import { proposeLevelChange } from '#server/systems/rereview'
import { resubmitSystem } from '#server/systems/store'
import { may, ofAgency } from '#app/utils/auth.server'
import { getDb } from '#app/utils/db.server'
import { resolveLocale, translate } from '#app/utils/i18n.server'
import {
  changeBy,
  visibleSystem,
  errorsBy,
  levelChoices,
  levelOf,
  readSystemForm,
  RegistrationForm,
  registrationDetail,
  versionOf,
} from '#app/utils/systems.server'

// One information system's registration for its agency (issue 15, decision 0055): the state, the
// level proposed and in force, the history; the form that sends a returned one again, the link to
// edit one not yet confirmed and the proposal of a new level for a confirmed one (decision 0084).

export async function systemPage(request: Request, namespace: string) {
  const { found, principal } = await visibleSystem(request, namespace, 'project.read')
  const locale = resolveLocale(request)
  const agency = ofAgency(found.agency.id)
  // A system whose closing was approved is asked nothing new (server/systems/change.ts).
  const mayUpdate = may(principal, 'project.update', agency) && !found.closing
  return {
    // Its project's page has the name alone: this one says it is the system's record.
    title: [found.name, translate(locale, 'systems.title')],
    system: registrationDetail(found, locale),
    mayResubmit: found.state === 'returned' && mayUpdate,
    mayEdit: found.state !== 'confirmed' && mayUpdate,
    // A proposal already waiting is shown as waiting; a reopening asks for one (decision 0084).
    mayProposeLevel: found.state === 'confirmed' && found.levelReview !== 'proposed' && mayUpdate,
    levelReviewNote:
      found.levelReview === 'proposed'
        ? translate(locale, 'systems.levelChange.waiting', {
            level: found.proposal?.securityLevel ?? '',
            inForce: found.levelInForce ?? '',
          })
        : null,
    mayRequest: found.state === 'confirmed' && !found.closing && may(principal, 'request.create', agency),
    levels: levelChoices(locale),
    waiting: translate(locale, 'systems.waiting'),
  }
}

/** The agency's proposal of a new level for its confirmed system (decision 0084). */
export async function levelChangeFromForm(request: Request, namespace: string) {
  const { principal } = await visibleSystem(request, namespace, 'project.update')
  const locale = resolveLocale(request)
  const values = await readSystemForm(request, LevelChangeForm)
  if (values === null) throw new Response(translate(locale, 'systems.failed'), { status: 400 })
  const input = { ...values, securityLevel: levelOf(values.securityLevel), version: versionOf(values.version) }
  const outcome = await proposeLevelChange(getDb(), namespace, input, changeBy(principal, request))
  if (outcome.ok) return { ok: true as const }
  return { ok: false as const, errors: errorsBy(outcome.issues, locale), values }
}

const LevelChangeForm = RegistrationForm.pick({
  securityLevel: true,
  documentNumber: true,
  documentDate: true,
  documentIssuer: true,
}).extend({ version: z.string().max(12).optional().default('') })

/** Sends a returned registration again: the level and its document, refused at their fields. */
export async function resubmitFromForm(request: Request, namespace: string) {
  const { principal } = await visibleSystem(request, namespace, 'project.update')
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
