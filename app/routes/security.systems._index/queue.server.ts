import { listRegistrations } from '#server/systems/read'
import { PLATFORM, requireAuthorised } from '#app/utils/auth.server'
import { getDb } from '#app/utils/db.server'
import { resolveLocale, translate } from '#app/utils/i18n.server'
import { registrationRow } from '#app/utils/systems.server'

// The security officers' queue of registrations awaiting review (issue 15, decision 0055) and of
// proposed changes of a confirmed level (decision 0084), oldest first, every agency's. project.review.

const QUEUE_LIMIT = 500

export async function reviewQueue(request: Request) {
  await requireAuthorised(request, 'project.review', PLATFORM)
  const locale = resolveLocale(request)
  // Pending registrations and proposed changes of a confirmed level (decision 0084), each as it now is.
  const views = await listRegistrations(getDb(), { agencyIds: null, awaitingReview: true, limit: QUEUE_LIMIT })
  return {
    title: translate(locale, 'systems.review.queueTitle'),
    items: views.map((view) => ({
      ...registrationRow(view, locale),
      kind: translate(
        locale,
        view.state === 'pending' ? 'systems.review.kind.registration' : 'systems.review.kind.levelChange',
      ),
      version: view.version,
    })),
  }
}
