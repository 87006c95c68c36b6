// A person's notifications in the console: the count on the bell, the list, marking as read.
// Every query is scoped by the recipient: nobody reads or marks another person's notifications.
import type { Db } from '../db/client'
import { formatDateTime, type Locale } from '../i18n/format'
import type { NotificationKind } from './plan'
import { renderNotice } from './render'

/** The bell shows up to this; more reads "99+". */
export const UNREAD_CAP = 99

export async function unreadCount(db: Db, recipientId: string): Promise<number> {
  // Counting stops at the cap: a person with thousands unread costs no more than one with 100.
  const rows = await db.notification.findMany({
    where: { recipientId, readAt: null },
    select: { id: true },
    take: UNREAD_CAP + 1,
  })
  return rows.length
}

export interface InboxItem {
  readonly id: string
  readonly kind: NotificationKind
  readonly title: string
  readonly lines: readonly string[]
  readonly link: string
  readonly at: string
  readonly unread: boolean
}

export const INBOX_PAGE = 50

/** The newest notifications first; `before` (an id from the last page) pages further back. */
export async function listInbox(
  db: Db,
  input: { recipientId: string; locale: Locale; before?: string | null; limit?: number },
): Promise<{ items: InboxItem[]; next: string | null }> {
  const limit = input.limit ?? INBOX_PAGE
  const cursor = input.before
    ? await db.notification.findFirst({
        where: { id: input.before, recipientId: input.recipientId },
        select: { createdAt: true, id: true },
      })
    : null
  const rows = await db.notification.findMany({
    where: {
      recipientId: input.recipientId,
      ...(cursor
        ? { OR: [{ createdAt: { lt: cursor.createdAt } }, { createdAt: cursor.createdAt, id: { lt: cursor.id } }] }
        : {}),
    },
    select: { id: true, kind: true, requestNumber: true, link: true, params: true, readAt: true, createdAt: true },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: limit + 1,
  })
  const page = rows.slice(0, limit)
  return {
    items: page.map((row) => {
      const { title, lines } = renderNotice(row, input.locale)
      return {
        id: row.id,
        kind: row.kind,
        title,
        lines,
        link: row.link,
        at: formatDateTime(row.createdAt, input.locale),
        unread: row.readAt === null,
      }
    }),
    next: rows.length > limit ? (page.at(-1)?.id ?? null) : null,
  }
}

/** Marks one of the recipient's notifications read; false when there is no such notification of theirs. */
export async function markRead(db: Db, input: { recipientId: string; id: string; now?: Date }): Promise<boolean> {
  const found = await db.notification.findFirst({
    where: { id: input.id, recipientId: input.recipientId },
    select: { readAt: true },
  })
  if (!found) return false
  if (found.readAt === null)
    await db.notification.updateMany({
      where: { id: input.id, recipientId: input.recipientId, readAt: null },
      data: { readAt: input.now ?? new Date() },
    })
  return true
}

export async function markAllRead(db: Db, input: { recipientId: string; now?: Date }): Promise<number> {
  const { count } = await db.notification.updateMany({
    where: { recipientId: input.recipientId, readAt: null },
    data: { readAt: input.now ?? new Date() },
  })
  return count
}

/** Remembers the language a person chose, for the e-mails the console sends them. */
export async function rememberLocale(db: Db, input: { userId: string; locale: Locale }): Promise<void> {
  await db.user.updateMany({
    where: { id: input.userId, NOT: { locale: input.locale } },
    data: { locale: input.locale },
  })
}
