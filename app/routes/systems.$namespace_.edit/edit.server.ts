import { editRefusal } from '#server/domain/system-rereview'
import { formatDomainError } from '#server/i18n/domain-errors'
import { editSystem } from '#server/systems/edit'
import { getDb } from '#app/utils/db.server'
import { resolveLocale, translate } from '#app/utils/i18n.server'
import {
  changeBy,
  visibleSystem,
  errorsBy,
  levelChoices,
  readSystemForm,
  registrationInput,
  registrationValues,
  RegistrationForm,
  versionOf,
} from '#app/utils/systems.server'
import { z } from 'zod'

// Editing a registration not yet confirmed (issue 15, decision 0084): its agency's staff
// (`project.update`, another agency's a 404) get the registration form filled with what is kept
// and the version they read; the store refuses a confirmed one and a stale version.

const EditForm = RegistrationForm.omit({ agencyCode: true }).extend({
  version: z.string().max(12).optional().default(''),
})

export async function editPage(request: Request, namespace: string) {
  const { found } = await visibleSystem(request, namespace, 'project.update')
  const locale = resolveLocale(request)
  const refusal = editRefusal(found.state)
  return {
    title: [translate(locale, 'systems.edit.title', { name: found.name })],
    name: found.name,
    namespace: found.namespace,
    intro: translate(locale, 'systems.edit.intro', { namespace: found.namespace }),
    // A confirmed one says why it is not edited, and where its level changes instead.
    refusal: refusal === null ? null : formatDomainError(refusal, locale),
    version: found.version,
    values: registrationValues(found),
    levels: levelChoices(locale),
  }
}

/** Saves the edit: the errors by field and what was typed, or, when stale, the latest instead. */
export async function editFromForm(request: Request, namespace: string) {
  const { principal } = await visibleSystem(request, namespace, 'project.update')
  const locale = resolveLocale(request)
  const values = await readSystemForm(request, EditForm)
  if (values === null) throw new Response(translate(locale, 'systems.failed'), { status: 400 })
  const input = { ...registrationInput({ ...values, agencyCode: '' }), version: versionOf(values.version) }
  const outcome = await editSystem(getDb(), namespace, input, changeBy(principal, request))
  if (outcome.ok) return { ok: true as const }
  const stale = outcome.issues.some((found) => found.error.code === 'system.changed_meanwhile')
  // Stale: the form shows the registration as it now is (the loader's), not what was typed over it.
  return { ok: false as const, errors: errorsBy(outcome.issues, locale), values: stale ? undefined : values }
}
