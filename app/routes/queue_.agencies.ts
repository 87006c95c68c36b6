import type { LoaderFunctionArgs } from '@remix-run/node'
import { PLATFORM, requireAuthorised } from '#app/utils/auth.server'
import { getDb } from '#app/utils/db.server'
import { withErrorReference } from '#app/utils/errors.server'
import { resolveLocale } from '#app/utils/i18n.server'
import { loadQueueAgencies } from './queue/queue.server'

// The queue's agency filter choices, loaded by the filter field when an operator first uses it
// rather than sent with every queue page (a province has a thousand agencies). Same gate as the
// queue itself. The list changes rarely; a minute of private caching spares repeated loads while
// an operator moves between pages.
export type QueueAgencies = { agencies: Awaited<ReturnType<typeof loadQueueAgencies>> }

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAuthorised(request, 'request.decide', PLATFORM)
  const agencies = await withErrorReference(request, () =>
    loadQueueAgencies({ db: getDb(), locale: resolveLocale(request) }),
  )
  return Response.json({ agencies } satisfies QueueAgencies, {
    headers: { 'Cache-Control': 'private, max-age=60', Vary: 'Cookie' },
  })
}
