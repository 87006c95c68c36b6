import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { Badge } from '#app/components/ui/badge'
import { EmptyState, PageHeader } from '#app/components/ui/page-header'
import { RouteErrorBoundary } from '#app/components/ui/route-error-boundary'
import { requirePrincipal } from '#app/utils/auth.server'
import { getDb } from '#app/utils/db.server'
import { httpError, notFound, withErrorReference } from '#app/utils/errors.server'
import { resolveLocale, translate } from '#app/utils/i18n.server'
import { useT } from '#app/utils/i18n'
import { titleMeta } from '#app/utils/meta'
import { listInbox, markAllRead, markRead } from '#app/utils/notifications.server'
import { safeRedirectPath } from '#app/utils/safe-redirect'
import { readForm } from '#app/utils/form.server'

// GET  /notifications[?before=<id>]   the signed-in person's notifications, newest first
// POST /notifications  intent=read&id=…      mark one read
//                      intent=open&id=…      mark it read and go to what it is about
//                      intent=read-all       mark all read
// Only the recipient's own notifications exist here: every query is scoped by their user id, so
// no authorise() action applies beyond being signed in; another person's id is a plain 404.

const Id = z.uuid()

export async function loader({ request }: LoaderFunctionArgs) {
  const principal = await requirePrincipal(request)
  const locale = resolveLocale(request)
  const before = new URL(request.url).searchParams.get('before')
  if (before !== null && !Id.safeParse(before).success) throw httpError(request, 400, { key: 'workflow.invalidForm' })
  return withErrorReference(request, async () => {
    const inbox = await listInbox(getDb(), { recipientId: principal.userId, locale, before })
    return { ...inbox, title: translate(locale, 'notify.title') }
  })
}

const ActionForm = z.discriminatedUnion('intent', [
  z.object({ intent: z.literal('read'), id: Id }),
  z.object({ intent: z.literal('open'), id: Id }),
  z.object({ intent: z.literal('read-all') }),
])

export async function action({ request }: ActionFunctionArgs) {
  const principal = await requirePrincipal(request) // origin-checked POST (decision 0007)
  const parsed = ActionForm.safeParse(Object.fromEntries(await readForm(request)))
  if (!parsed.success) throw httpError(request, 400, { key: 'workflow.invalidForm' })
  const db = getDb()
  if (parsed.data.intent === 'read-all') {
    await markAllRead(db, { recipientId: principal.userId })
    return redirect('/notifications')
  }
  const { id } = parsed.data
  if (!(await markRead(db, { recipientId: principal.userId, id }))) throw notFound(request)
  if (parsed.data.intent === 'open') {
    const row = await db.notification.findFirst({
      where: { id, recipientId: principal.userId },
      select: { link: true },
    })
    return redirect(safeRedirectPath(row?.link))
  }
  return redirect('/notifications')
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => titleMeta(data?.title, matches)

export default function Notifications() {
  const data = useLoaderData<typeof loader>()
  const t = useT()
  const unread = data.items.some((item) => item.unread)
  return (
    <>
      <PageHeader title={t('notify.title')} intro={t('notify.intro')}>
        {unread ? (
          <Form method="post">
            <button type="submit" name="intent" value="read-all" className="button button--secondary">
              {t('notify.markAllRead')}
            </button>
          </Form>
        ) : null}
      </PageHeader>
      {data.items.length === 0 ? (
        <EmptyState>{t('notify.empty')}</EmptyState>
      ) : (
        <ol className="notification-list">
          {data.items.map((item) => (
            <li
              key={item.id}
              className={item.unread ? 'notification notification--unread' : 'notification'}
              data-testid="notification"
            >
              <p className="notification__title">
                {item.unread ? <Badge tone="info">{t('notify.unread')}</Badge> : null} <strong>{item.title}</strong>
              </p>
              {item.lines.map((line) => (
                <p key={line} className="notification__line">
                  {line}
                </p>
              ))}
              <Form method="post" className="notification__actions">
                <input type="hidden" name="id" value={item.id} />
                <span className="small">{item.at}</span>
                <button type="submit" name="intent" value="open" className="button">
                  {t('notify.open')}
                </button>
                {item.unread ? (
                  <button type="submit" name="intent" value="read" className="button button--secondary">
                    {t('notify.markRead')}
                  </button>
                ) : null}
              </Form>
            </li>
          ))}
        </ol>
      )}
      {data.next ? (
        <p>
          <Link to={`/notifications?before=${data.next}`}>{t('paging.next')}</Link>
        </p>
      ) : null}
    </>
  )
}

export function ErrorBoundary() {
  return <RouteErrorBoundary />
}
