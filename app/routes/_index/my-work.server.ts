import type { Db } from '#server/db/client'
import type { RequestState } from '#server/db/generated/enums'
import { formatOptionalDateTime } from '#app/utils/labels.server'
import { translate, type Locale } from '#app/utils/i18n.server'
import { loadSignOffQueue } from '../security.sign-off/sign-off.server'

// What the home page hands each person to start their main task with (issue 17, decision 0067):
// agency staff their agencies' systems, each leading straight to "request more", and where their
// open requests stand; a security officer the requests waiting for their sign-off, each leading
// to its decide page. Bounded by `take`: the full lists are one link away.

/** The requests still on their way to a working quota (or back with the agency). */
const OPEN: readonly RequestState[] = ['draft', 'submitted', 'returned', 'approved', 'provisioning']
const SYSTEMS_SHOWN = 20
const REQUESTS_SHOWN = 10
const SIGN_OFFS_SHOWN = 5

/** `agencyIds`: those the person may ask quotas for (request.create); none, nothing. */
export async function loadStaffWork(db: Db, input: { agencyIds: readonly string[]; locale: Locale }) {
  if (input.agencyIds.length === 0) return null
  const { locale } = input
  const agencyId = { in: [...input.agencyIds] }
  const [systems, open] = await Promise.all([
    // Only systems that may ask: confirmed by a security officer, not being closed (decisions 0055, 0058).
    db.project.findMany({
      where: {
        agencyId,
        registrationState: 'confirmed',
        closures: { none: { state: { in: ['submitted', 'approved'] } } },
      },
      select: { name: true, namespace: true, allocation: { select: { state: true } } },
      orderBy: { name: 'asc' },
      take: SYSTEMS_SHOWN,
    }),
    db.quotaRequest.findMany({
      where: { agencyId, state: { in: [...OPEN] } },
      select: {
        number: true,
        kind: true,
        state: true,
        submittedAt: true,
        project: { select: { name: true, namespace: true } },
      },
      orderBy: [{ createdAt: 'desc' }, { number: 'desc' }],
      take: REQUESTS_SHOWN,
    }),
  ])
  return {
    systems: systems.map((system) => ({
      name: system.name,
      namespace: system.namespace,
      // With a grant in force more is an increase; without, the first (new) request.
      kind: system.allocation?.state === 'active' ? ('increase' as const) : ('new' as const),
    })),
    open: open.map((request) => ({
      number: request.number,
      project: request.project,
      kind: translate(locale, `request.kind.${request.kind}`),
      state: request.state,
      stateLabel: translate(locale, `request.state.${request.state}`),
      submittedAt: formatOptionalDateTime(request.submittedAt, locale),
    })),
  }
}

/** The first requests waiting for this officer's sign-off, oldest first (the queue's own rule). */
export async function loadSignOffWork(db: Db, input: { officerId: string; locale: Locale }) {
  const queue = await loadSignOffQueue(db, { officerId: input.officerId, position: null, locale: input.locale })
  return { items: queue.items.slice(0, SIGN_OFFS_SHOWN), more: queue.items.length > SIGN_OFFS_SHOWN || !!queue.next }
}
