import { z } from 'zod'
import { decideLevelChange, reopenLevel } from '#server/systems/rereview'
import { reviewSystem } from '#server/systems/store'
import { getDb } from '#app/utils/db.server'
import { resolveLocale, translate } from '#app/utils/i18n.server'
import {
  changeBy,
  visibleSystem,
  errorsBy,
  levelChoices,
  levelOf,
  readSystemForm,
  registrationDetail,
  ReviewForm,
  versionOf,
} from '#app/utils/systems.server'

// The review page (issue 15, decision 0055): everything a security officer decides on, on one
// page, and the decision itself (project.review; the store refuses the proponent and anything
// not pending); for a confirmed system, the reopening of its level and the decision on a change
// (decision 0084).

export async function reviewPage(request: Request, namespace: string) {
  const { found } = await visibleSystem(request, namespace, 'project.review')
  const locale = resolveLocale(request)
  return {
    title: translate(locale, 'systems.review.title', { name: found.name }),
    system: registrationDetail(found, locale),
    open: found.state === 'pending',
    levels: levelChoices(locale),
    mayReopen: found.state === 'confirmed' && found.levelReview === null && !found.closing,
    levelReview: found.state === 'confirmed' ? found.levelReview : null,
    levelChange:
      found.levelReview === 'proposed'
        ? translate(locale, 'systems.levelDecision.intro', {
            inForce: found.levelInForce ?? '',
            level: found.proposal?.securityLevel ?? '',
          })
        : translate(locale, 'systems.levelDecision.awaiting'),
  }
}

export async function reviewFromForm(request: Request, namespace: string) {
  const { principal } = await visibleSystem(request, namespace, 'project.review')
  const locale = resolveLocale(request)
  const values = await readSystemForm(request, ReviewForm.extend({ intent: z.string().max(20).optional().default('') }))
  if (values === null) throw new Response(translate(locale, 'systems.failed'), { status: 400 })
  const version = versionOf(values.version)
  const change = changeBy(principal, request)
  const db = getDb()
  const outcome =
    values.intent === 'reopen'
      ? await reopenLevel(db, namespace, { reason: values.reason, version }, change)
      : values.intent === 'level-decision'
        ? await decideLevelChange(db, namespace, { outcome: values.outcome, reason: values.reason, version }, change)
        : await reviewSystem(
            db,
            namespace,
            { outcome: values.outcome, securityLevel: levelOf(values.securityLevel), reason: values.reason, version },
            change,
          )
  if (outcome.ok) return { ok: true as const, intent: values.intent }
  return { ok: false as const, intent: values.intent, errors: errorsBy(outcome.issues, locale), values }
}
