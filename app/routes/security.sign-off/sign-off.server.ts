import { z } from 'zod'
import type { Db } from '#server/db/client'
import { signOffQueue, type SignOffPosition } from '#server/workflow/sign-off-queue'
import { formatDateTime, translate, type Locale } from '#app/utils/i18n.server'
import { agencyName, formatInteger } from '#app/utils/labels.server'
import { decodePosition, encodePosition } from '#app/utils/paging.server'
import { approvalPolicyInForce } from '#server/policies/store'

// The sign-off queue of the security workspace (decision 0043): the requests this officer may
// sign off (server/workflow/sign-off-queue.ts: needing a sign-off, without one, not their own nor
// ones they approved), oldest first, paged forward by keyset. The decide page judges each in full.

export const PAGE_SIZE = 25
const Position = z.strictObject({ t: z.iso.datetime(), n: z.number().int().positive() })

export const SignOffQuery = z.strictObject({ after: z.string().max(200).optional() })

/** The position `after` names, or undefined when it names none (a 400 for the caller). */
export function positionOf(after: string | undefined): SignOffPosition | null | undefined {
  if (after === undefined) return null
  const decoded = decodePosition(after, Position)
  return decoded ? { submittedAt: new Date(decoded.t), number: decoded.n } : undefined
}

export async function loadSignOffQueue(
  db: Db,
  input: { officerId: string; position: SignOffPosition | null; locale: Locale },
) {
  const { locale } = input
  const page = await signOffQueue(db, {
    policy: await approvalPolicyInForce(db),
    officerId: input.officerId,
    position: input.position,
    size: PAGE_SIZE,
  })
  return {
    items: page.items.map((item) => ({
      number: item.number,
      kind: translate(locale, `request.kind.${item.kind as 'new'}`),
      submittedAt: formatDateTime(item.submittedAt, locale),
      project: item.projectName,
      namespace: item.namespace,
      agency: agencyName(item.agency, locale),
      level: item.securityLevel,
      personalData: translate(locale, item.processesPersonalData ? 'security.yes' : 'security.no'),
      approvals: formatInteger(item.approvals, locale),
    })),
    next: page.next ? encodePosition({ t: page.next.submittedAt.toISOString(), n: page.next.number }) : null,
  }
}

export type SignOffRow = Awaited<ReturnType<typeof loadSignOffQueue>>['items'][number]
