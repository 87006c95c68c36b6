import { z } from 'zod'
import { systemLife } from '#server/domain/project-closure'
import { formatDomainError } from '#server/i18n/domain-errors'
import { actorOf } from '#server/identity/principal'
import { askToClose, decideClosure, withdrawClosure } from '#server/workflow/project-closure'
import { PLATFORM, may, ofAgency, requireAuthorised, requireVisibleObject } from '#app/utils/auth.server'
import { requestOrigin } from '#app/utils/client-origin.server'
import { getDb } from '#app/utils/db.server'
import { readForm } from '#app/utils/form.server'
import { formatDateTime, resolveLocale, translate } from '#app/utils/i18n.server'
import { approvalPolicy } from '#app/utils/workflow.server'

// A system's closing (issue 15, decision 0058): whoever reads the project sees where it is in its
// life and its closing requests; its agency's staff ask (request.create), operators decide
// (request.revoke: approving revokes the grant) under the requests' duties, which the workflow
// checks. Another agency's staff get the 404 a missing project gets.

const missing = (namespace: string) =>
  ({ key: 'projects.notFound', params: { namespace: namespace.slice(0, 80) } }) as const

async function visibleProject(request: Request, namespace: string) {
  return requireVisibleObject(request, 'project.read', {
    type: 'Project',
    missing: missing(namespace),
    find: () =>
      getDb().project.findUnique({
        where: { namespace },
        select: {
          id: true,
          name: true,
          namespace: true,
          agencyId: true,
          closures: {
            orderBy: { requestedAt: 'desc' },
            select: {
              id: true,
              state: true,
              reason: true,
              requestedAt: true,
              decidedAt: true,
              decisionNote: true,
              lastBackupName: true,
              closedAt: true,
            },
          },
        },
      }),
  })
}

export async function closingPage(request: Request, namespace: string) {
  const { found: project, principal } = await visibleProject(request, namespace)
  const locale = resolveLocale(request)
  const life = systemLife(project.closures)
  const waiting = project.closures.find((c) => c.state === 'submitted') ?? null
  const at = (date: Date | null) => (date ? formatDateTime(date, locale) : '')
  return {
    title: translate(locale, 'closing.title', { project: project.name }),
    namespace: project.namespace,
    name: project.name,
    life: translate(locale, `closing.life.${life}`),
    mayAsk: life === 'open' && waiting === null && may(principal, 'request.create', ofAgency(project.agencyId)),
    waiting: waiting && may(principal, 'request.revoke') ? { id: waiting.id } : null,
    // Its agency's staff take a waiting request back (audited); a decided one cannot be.
    withdrawable: waiting && may(principal, 'request.create', ofAgency(project.agencyId)) ? { id: waiting.id } : null,
    closures: project.closures.map((c) => ({
      id: c.id,
      state: translate(locale, `closing.state.${c.state}`),
      reason: c.reason,
      requestedAt: at(c.requestedAt),
      decidedAt: at(c.decidedAt),
      note: c.decisionNote ?? '',
      lastBackup: c.lastBackupName ?? '',
    })),
  }
}

const Posted = z.object({
  intent: z.enum(['ask', 'withdraw', 'approve', 'reject']),
  reason: z.string().max(2000).optional().default(''),
  note: z.string().max(2000).optional().default(''),
  closureId: z.string().max(40).optional().default(''),
})

/** The posted form acted on: null when done, else the refusal by field with what was typed. */
export async function closingAction(request: Request, namespace: string) {
  const { found: project } = await visibleProject(request, namespace)
  const locale = resolveLocale(request)
  const form = await readForm(request)
  const posted = Posted.safeParse(
    Object.fromEntries(['intent', 'reason', 'note', 'closureId'].map((n) => [n, form.get(n) ?? undefined])),
  )
  if (!posted.success) throw new Response(translate(locale, 'closing.failed'), { status: 400 })
  const { intent, reason, note, closureId } = posted.data
  const origin = requestOrigin(request)
  if (intent === 'ask') {
    const principal = await requireAuthorised(request, 'request.create', ofAgency(project.agencyId))
    const actor = actorOf(principal)
    const asked = await askToClose(getDb(), {
      projectId: project.id,
      agencyId: project.agencyId,
      actor,
      reason,
      origin,
    })
    return asked.ok
      ? null
      : { field: 'reason', message: formatDomainError(asked.error, locale), values: { reason, note } }
  }
  // Only a closure of this project is withdrawn or decided from its page.
  const closure = project.closures.find((c) => c.id === closureId)
  if (intent === 'withdraw') {
    const principal = await requireAuthorised(request, 'request.create', ofAgency(project.agencyId))
    if (closure === undefined) throw new Response(translate(locale, 'closing.failed'), { status: 400 })
    const withdrawn = await withdrawClosure(getDb(), {
      closureId: closure.id,
      projectId: project.id,
      actor: actorOf(principal),
      origin,
    })
    if (withdrawn === null || withdrawn.ok) return null
    return { field: 'withdraw', message: formatDomainError(withdrawn.error, locale), values: { reason, note } }
  }
  const principal = await requireAuthorised(request, 'request.revoke', PLATFORM)
  if (closure === undefined) throw new Response(translate(locale, 'closing.failed'), { status: 400 })
  const decided = await decideClosure(getDb(), {
    closureId: closure.id,
    decision: intent,
    actor: actorOf(principal),
    note,
    policy: await approvalPolicy(),
    origin,
  })
  if (decided === null || decided.ok) return null
  return { field: 'note', message: formatDomainError(decided.error, locale), values: { reason, note } }
}
