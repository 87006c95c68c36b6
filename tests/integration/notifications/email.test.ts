import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_APPROVAL_POLICY } from '#server/domain/security-policy'
import { startWorker, type Worker } from '#server/jobs/worker'
import { createSmtpMailer, type Mailer } from '#server/notifications/email'
import { EMAIL_JOB } from '#server/notifications/record'
import { actOnRequest } from '#server/workflow/act-on-request'
import { workflowHandlers } from '#server/workflow/jobs'
import { operator } from '../../helpers/actors'
import { createTestDatabase, type TestDatabase } from '../../helpers/database'
import { makeAgency, makePools, makeProject, makeSubmittedRequest, makeUser } from '../../helpers/fixtures'
import { eventually } from '../../helpers/poll'
import { startTestSmtpServer, type TestSmtpServer } from '../../helpers/smtp-server'

// E-mail of notifications against a real SMTP server (npm smtp-server) listening on a free port:
// the workflow worker's e-mail job, after the decision committed, in the recipient's language.

let t: TestDatabase
let smtp: TestSmtpServer
let agencyId: string
let opId: string
let worker: Worker | null = null
let mailer: Mailer | null = null

beforeAll(async () => {
  t = await createTestDatabase()
  smtp = await startTestSmtpServer()
  agencyId = await makeAgency(t.db, 'Sở Khoa học và Công nghệ')
  opId = await makeUser(t.db, 'Đặng Minh Đức')
  await makePools(t.db, { cpu: 1_000_000n })
})
afterEach(async () => {
  await worker?.stop()
  mailer?.close()
  worker = null
  mailer = null
  smtp.reply = () => null
})
afterAll(async () => {
  await smtp?.close()
  await t?.drop()
})

function run(options: { smtpUrl: string | null }) {
  mailer?.close()
  mailer = options.smtpUrl
    ? createSmtpMailer({
        smtpUrl: options.smtpUrl,
        from: '"Cổng điều hành đám mây tỉnh Lạng Sơn" <no-reply@console.langson.test>',
        timeoutMs: 5_000,
      })
    : null
  worker = startWorker({
    db: t.db,
    pollMs: 100,
    concurrency: 2,
    handlers: workflowHandlers({
      db: t.db,
      policy: DEFAULT_APPROVAL_POLICY,
      mailer,
      publicUrl: 'https://console.langson.test',
    }),
  })
}

/** A request approved by an operator: the requester gets one notification, hence one e-mail job. */
async function approvedFor(requester: { name: string; email?: string; locale?: string }) {
  const requesterId = await makeUser(t.db, requester.name)
  await t.db.user.update({
    where: { id: requesterId },
    data: { ...(requester.email !== undefined ? { email: requester.email } : {}), locale: requester.locale ?? 'vi' },
  })
  const projectId = await makeProject(t.db, agencyId, { name: 'Hệ thống quản lý văn bản và điều hành' })
  const id = await makeSubmittedRequest(t.db, { projectId, agencyId, requesterId, lines: { cpu: 2_000n } })
  const result = await actOnRequest(t.db, {
    requestId: id,
    action: 'approve',
    actor: operator(opId),
    expectedVersion: 1,
    policy: DEFAULT_APPROVAL_POLICY,
  })
  expect(result).toMatchObject({ ok: true })
  const notification = await t.db.notification.findFirstOrThrow({ where: { requestId: id, recipientId: requesterId } })
  const { number } = await t.db.quotaRequest.findUniqueOrThrow({ where: { id }, select: { number: true } })
  const { email } = await t.db.user.findUniqueOrThrow({ where: { id: requesterId }, select: { email: true } })
  return { notificationId: notification.id, number, email }
}

const settled = (id: string) =>
  eventually(
    'the e-mail job to settle the notification',
    20_000,
    async () => {
      const n = await t.db.notification.findUniqueOrThrow({
        where: { id },
        select: { emailState: true, emailedAt: true, emailError: true },
      })
      return n.emailState !== 'pending' ? n : undefined
    },
    { everyMs: 100 },
  )

// The handler settles the notification before the worker closes its job row (a transaction of its
// own), so a busy machine can show the job still running for a moment after the e-mail settled.
const finishedJob = (notificationId: string) =>
  eventually(
    'the e-mail job to finish',
    20_000,
    async () => {
      const job = await t.db.job.findFirstOrThrow({ where: { kind: EMAIL_JOB, key: notificationId } })
      return job.state === 'done' || job.state === 'failed' ? job : undefined
    },
    { everyMs: 100 },
  )

describe('notification e-mail through a real SMTP server', () => {
  it('sends the Vietnamese e-mail with its diacritics intact, properly MIME-encoded', async () => {
    const { notificationId, number, email } = await approvedFor({ name: 'Lương Thị Hạnh' })
    // Nothing is sent inside the decision's transaction: the job does it once a worker runs.
    expect(smtp.received.filter((m) => m.envelope.to.includes(email))).toHaveLength(0)
    run({ smtpUrl: smtp.url })
    expect(await settled(notificationId)).toMatchObject({ emailState: 'sent', emailError: null })
    const mail = smtp.received.find((m) => m.envelope.to.includes(email))!
    expect(mail.envelope.from).toBe('no-reply@console.langson.test')

    // On the wire: 7-bit headers with encoded words, UTF-8 bodies in quoted-printable.
    const subjectLine = mail.message.headers.get('subject')!
    expect(subjectLine).toMatch(/^=\?UTF-8\?[BQ]\?/i)
    expect(/[^\x20-\x7e]/.test(subjectLine)).toBe(false)
    expect(mail.message.headers.get('mime-version')).toBe('1.0')
    expect(mail.message.headers.get('content-type')).toMatch(/^multipart\/alternative/)
    expect(mail.message.headers.get('message-id')).toBe(`<notification-${notificationId}@console.langson.test>`)
    const [plain, html] = mail.message.parts
    expect(plain!.headers.get('content-type')).toMatch(/^text\/plain; charset=utf-8$/i)
    expect(plain!.headers.get('content-transfer-encoding')).toBe('quoted-printable')
    expect(html!.headers.get('content-type')).toMatch(/^text\/html; charset=utf-8$/i)
    expect(/[^\x00-\x7f]/.test(mail.raw)).toBe(false)

    // Decoded: exactly the Vietnamese we wrote (NFC, every diacritic).
    expect(mail.subject).toBe(`Yêu cầu số ${number} đã được phê duyệt`)
    expect(mail.subject.normalize('NFC')).toBe(mail.subject)
    expect(mail.text).toContain('Kính gửi Lương Thị Hạnh,')
    expect(mail.text).toContain(
      'Cơ quan: Sở Khoa học và Công nghệ. Hệ thống: Hệ thống quản lý văn bản và điều hành. Loại yêu cầu: Cấp mới.',
    )
    expect(mail.text).toContain(`Xem chi tiết: https://console.langson.test/requests/${number}`)
    expect(mail.text).toContain('Thư này do Cổng điều hành đám mây tỉnh Lạng Sơn gửi tự động')
    expect(mail.html).toContain('<p>Kính gửi Lương Thị Hạnh,</p>')
    expect(mail.html).toContain(`href="https://console.langson.test/requests/${number}"`)
    expect(decodeURIComponent(mail.message.headers.get('to')!)).toContain(email)
  })

  it('writes in English to someone who chose English', async () => {
    const { notificationId, number, email } = await approvedFor({ name: 'Nguyễn Văn An', locale: 'en' })
    run({ smtpUrl: smtp.url })
    await settled(notificationId)
    const mail = smtp.received.find((m) => m.envelope.to.includes(email))!
    expect(mail.subject).toBe(`Request no. ${number} was approved`)
    expect(mail.text).toContain('Dear Nguyễn Văn An,')
    expect(mail.text).toContain(
      'Agency: Test agency. System: Hệ thống quản lý văn bản và điều hành. Kind of request: New quota.',
    )
  })

  it('retries when the server says "try again later", and delivers once', async () => {
    const { notificationId, email } = await approvedFor({ name: 'Hoàng Thị Mai' })
    const start = smtp.attempts
    smtp.reply = (attempt) => (attempt - start <= 2 ? 451 : null)
    run({ smtpUrl: smtp.url })
    expect(await settled(notificationId)).toMatchObject({ emailState: 'sent' })
    expect(smtp.received.filter((m) => m.envelope.to.includes(email))).toHaveLength(1)
    expect(await finishedJob(notificationId)).toMatchObject({ state: 'done', attempts: 3 })
  })

  it('stops at a permanent refusal and says why', async () => {
    const { notificationId } = await approvedFor({ name: 'Vi Văn Định' })
    smtp.reply = () => 550
    run({ smtpUrl: smtp.url })
    const settledRow = await settled(notificationId)
    expect(settledRow).toMatchObject({ emailState: 'failed' })
    expect(settledRow.emailError).toMatch(/550/)
    expect(await finishedJob(notificationId)).toMatchObject({ state: 'failed', attempts: 1 })
  })

  it('retries while the SMTP login is refused (a setting to fix), without giving the e-mail up', async () => {
    const { notificationId } = await approvedFor({ name: 'Lâm Thị Thu' })
    run({ smtpUrl: smtp.url.replace(/:[^:@]+@/, ':sai-mat-khau@') })
    const job = await eventually(
      'a failed attempt, queued again',
      20_000,
      async () => {
        const row = await t.db.job.findFirst({ where: { kind: EMAIL_JOB, key: notificationId } })
        return row && row.attempts >= 1 && row.state === 'queued' ? row : undefined
      },
      { everyMs: 100 },
    )
    expect(job.lastError).toMatch(/535|auth/i)
    expect(await t.db.notification.findUniqueOrThrow({ where: { id: notificationId } })).toMatchObject({
      emailState: 'pending',
    })
    // Fixed: the next attempt goes through.
    await worker!.stop()
    await t.db.job.updateMany({
      where: { kind: EMAIL_JOB, key: notificationId, state: 'queued' },
      data: { runAt: new Date(Date.now() - 60_000) },
    })
    run({ smtpUrl: smtp.url })
    expect(await settled(notificationId)).toMatchObject({ emailState: 'sent' })
  })

  it('keeps the in-app notification and sends nothing when e-mail is off (no SMTP_URL) or the person has no address', async () => {
    const before = smtp.attempts
    const off = await approvedFor({ name: 'Triệu Văn Bình' })
    run({ smtpUrl: null })
    expect(await settled(off.notificationId)).toMatchObject({
      emailState: 'skipped',
      emailError: 'e-mail is off (SMTP_URL is not set)',
    })
    await worker!.stop()
    worker = null
    const noAddress = await approvedFor({ name: 'Mã Thị Hoa', email: '' })
    run({ smtpUrl: smtp.url })
    expect(await settled(noAddress.notificationId)).toMatchObject({ emailState: 'skipped' })
    expect(smtp.attempts).toBe(before)
    expect(
      await t.db.notification.count({
        where: { id: { in: [off.notificationId, noAddress.notificationId] }, readAt: null },
      }),
    ).toBe(2)
  })
})
