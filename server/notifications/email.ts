// E-mail for notifications: nodemailer through the SMTP server named by SMTP_URL, sent by the
// durable job that record.ts queues beside each notification. Without SMTP_URL e-mail is off
// and the job only records that (the in-app notification is the same either way).
import { hostname } from 'node:os'
import nodemailer from 'nodemailer'
import type { Db } from '../db/client'
import { DEFAULT_LOCALE, isLocale } from '../i18n/format'
import { translate } from '../i18n/index'
import type { ClaimedJob } from '../jobs/queue'
import type { JobResult } from '../jobs/worker'
import { renderEmail } from './render'

export interface OutgoingEmail {
  readonly to: { readonly name: string; readonly address: string }
  readonly subject: string
  readonly text: string
  readonly html: string
  /** Stable per notification, so a message re-sent after a crash can be recognised as the same. */
  readonly messageId: string
}

export interface Mailer {
  send(message: OutgoingEmail): Promise<void>
  close(): void
}

/** A refusal that will not change on retry (5xx to the recipient or the message: no such mailbox, rejected). */
export class PermanentMailError extends Error {}

/** A mailer over nodemailer's SMTP transport. `smtpUrl`: smtp://user:pass@host:587 or smtps://…:465. */
export function createSmtpMailer(input: { smtpUrl: string; from: string; timeoutMs?: number }): Mailer {
  const url = new URL(input.smtpUrl)
  const timeout = input.timeoutMs ?? 30_000
  const transport = nodemailer.createTransport({
    host: url.hostname,
    port: url.port ? Number(url.port) : url.protocol === 'smtps:' ? 465 : 587,
    secure: url.protocol === 'smtps:',
    ...(url.username
      ? { auth: { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } }
      : {}),
    // smtp://host?tls=off lets a local relay without STARTTLS be used (the local test server).
    ...(url.searchParams.get('tls') === 'off' ? { ignoreTLS: true } : {}),
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout,
  })
  return {
    async send(message) {
      try {
        await transport.sendMail({
          from: input.from,
          to: { name: message.to.name, address: message.to.address },
          subject: message.subject,
          text: message.text,
          html: message.html,
          messageId: message.messageId,
          textEncoding: 'quoted-printable',
        })
      } catch (error) {
        // A 5xx refusal of this recipient or this message will not change on retry. A refused
        // login (EAUTH) or an unreachable server is the deployment's to fix: retried meanwhile.
        const { responseCode, code } = error as { responseCode?: unknown; code?: unknown }
        const aboutThisMessage = code === 'EENVELOPE' || code === 'EMESSAGE'
        if (aboutThisMessage && typeof responseCode === 'number' && responseCode >= 500 && responseCode < 600) {
          throw new PermanentMailError(error instanceof Error ? error.message : String(error))
        }
        throw error
      }
    },
    close: () => transport.close(),
  }
}

/** The sender when SMTP_FROM is not set: the console's name, no-reply at the console's host. */
export function defaultSender(publicUrl: string): string {
  return `"${translate(DEFAULT_LOCALE, 'app.name')}" <no-reply@${new URL(publicUrl).hostname}>`
}

export interface EmailDeps {
  readonly db: Db
  /** Null when SMTP_URL is not set: e-mail is off. */
  readonly mailer: Mailer | null
  /** The console's origin, for absolute links. */
  readonly publicUrl: string
  readonly now?: () => Date
}

const ADDRESS = /^[^\s@<>",;]+@[^\s@<>",;]+\.[^\s@<>",;]+$/

/**
 * The e-mail job of one notification (job key = notification id). Sends at most once per
 * successful attempt and records the outcome on the notification; a failure is retried with
 * backoff by the queue until the attempts are spent, a permanent refusal stops at once.
 */
export async function deliverNotificationEmail(
  deps: EmailDeps,
  job: Pick<ClaimedJob, 'key' | 'attempts' | 'maxAttempts'>,
): Promise<JobResult> {
  const notification = await deps.db.notification.findUnique({
    where: { id: job.key },
    select: {
      id: true,
      kind: true,
      requestNumber: true,
      link: true,
      params: true,
      emailState: true,
      recipient: { select: { displayName: true, email: true, locale: true } },
    },
  })
  if (!notification || notification.emailState !== 'pending') return { status: 'done' }
  const skip = async (why: string): Promise<JobResult> => {
    await deps.db.notification.update({
      where: { id: notification.id },
      data: { emailState: 'skipped', emailError: why },
    })
    return { status: 'done' }
  }
  if (!deps.mailer) return skip('e-mail is off (SMTP_URL is not set)')
  const address = notification.recipient.email.trim()
  if (!ADDRESS.test(address)) return skip('the recipient has no usable e-mail address')

  const locale = isLocale(notification.recipient.locale) ? notification.recipient.locale : DEFAULT_LOCALE
  const email = renderEmail(notification, {
    locale,
    recipientName: notification.recipient.displayName,
    publicUrl: deps.publicUrl,
  })
  try {
    await deps.mailer.send({
      to: { name: notification.recipient.displayName, address },
      ...email,
      messageId: `<notification-${notification.id}@${new URL(deps.publicUrl).hostname || hostname()}>`,
    })
  } catch (error) {
    const message = (error instanceof Error ? error.message : String(error)).slice(0, 2000)
    const permanent = error instanceof PermanentMailError
    if (permanent || job.attempts >= job.maxAttempts) {
      await deps.db.notification.update({
        where: { id: notification.id },
        data: { emailState: 'failed', emailError: message },
      })
      return { status: 'terminal', error: message }
    }
    await deps.db.notification.update({ where: { id: notification.id }, data: { emailError: message } })
    return { status: 'retry', error: message }
  }
  await deps.db.notification.update({
    where: { id: notification.id },
    data: { emailState: 'sent', emailedAt: deps.now?.() ?? new Date(), emailError: null },
  })
  return { status: 'done' }
}
