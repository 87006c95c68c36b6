// The project page's provisioning status, the JSON route it polls, the S3 key forms and the
// operators' provisioning watch, in the built console with real Keycloak sessions and a project
// provisioned for real on the local cluster and storage.
import * as k8s from '@kubernetes/client-node'
import { ListObjectsV2Command } from '@aws-sdk/client-s3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { KubernetesConnection } from '#server/platform/kubernetes/connection'
import type { ObjectStorage } from '#server/platform/storage/object-storage'
import { OBJECT_NAMES, bucketName } from '#server/provisioning/desired'
import { reconcileProject } from '#server/provisioning/reconcile'
import type { ConsoleServer } from '../../helpers/console-server'
import { rowsContaining, type TestDatabase } from '../../helpers/database'
import {
  connectAdminKubernetes,
  connectStackKubernetes,
  connectStackStorage,
  s3ClientWith,
  s3StatusOf,
} from '../../helpers/platform'
import { eventually } from '../../helpers/poll'
import { tearDownPlatform, provisionSeeded, reconcilerDeps, startKeyWorker } from '../../helpers/provisioning'
import {
  PUBLIC_URL,
  signedInVisitor,
  startSeededConsole,
  type SeededConsole,
  type Visitor,
} from '../../helpers/seeded-console'
import { decodeEntities as decode } from '../../helpers/html-entities'

let started: SeededConsole
let database: TestDatabase
let server: ConsoleServer
let connection: KubernetesConnection
/** The cluster administrator, who makes the drift by hand. */
let admin: KubernetesConnection
let storage: ObjectStorage
let project: { projectId: string; namespace: string }
let unprovisioned: string
let keyWorker: { stop(): Promise<void> } | undefined
const visitors: Record<string, Visitor> = {}

async function signIn(username: string): Promise<Visitor> {
  visitors[username] ??= await signedInVisitor(server, username)
  return visitors[username]
}

const get = async (username: string, path: string) => (await signIn(username)).get(path)
/** A form sent from the page, through the reverse proxy (its last hop's address) by a browser. */
const post = async (username: string, path: string, form: Record<string, string>) =>
  (await signIn(username)).post(path, form, { 'user-agent': BROWSER, 'x-forwarded-for': '10.20.30.40' })

const BROWSER = 'Mozilla/5.0 (X11; Linux x86_64) Chromium/156.0'
const page = () => `/projects/${project.namespace}`

beforeAll(async () => {
  // The console holds no storage keys; the worker (here in-process) makes keys (decision 0032).
  started = await startSeededConsole({ env: { PUBLIC_URL } })
  ;({ database, server } = started)
  connection = await connectStackKubernetes()
  admin = await connectAdminKubernetes()
  storage = connectStackStorage()
  keyWorker = await startKeyWorker(database, storage)
  project = await provisionSeeded(database.db, connection, storage, 'Hệ thống quản lý đề tài khoa học')
  unprovisioned = (
    await database.db.project.findFirstOrThrow({ where: { name: 'Cổng thông tin điện tử Sở Khoa học và Công nghệ' } })
  ).namespace
}, 300_000)

afterAll(async () => {
  await keyWorker?.stop()
  await started?.stop()
  await tearDownPlatform(connection, storage, project ? [project.namespace] : [])
  await admin?.close()
})

describe('provisioning status on the project page', () => {
  it('renders the status with the page (no JavaScript needed) and serves the same as JSON to poll', async () => {
    const html = decode(await (await get('an.nguyen', page())).text())
    expect(html).toContain('id="issue-key"')
    expect(html).toContain('Trạng thái cấp phát')
    expect(html).toMatch(/data-phase="ready"/)
    expect(html).toContain('Sẵn sàng')
    expect(html).toContain('Namespace và bucket khớp với hạn mức đã cấp')
    // The headroom beside it: used (none measured yet: the periodic pass records it), granted, awaiting.
    expect(html).toMatch(
      /<th [^>]*class="num">Đang dùng<\/th><th [^>]*class="num">Được cấp<\/th><th [^>]*class="num">Đang chờ duyệt<\/th>/,
    )
    expect(html).toContain('Chưa có số liệu đang dùng')
    expect(html).toContain('Chưa từng phát hiện thay đổi ngoài cổng.')

    const polled = await get('an.nguyen', `${page()}/provisioning`)
    expect(polled.status).toBe(200)
    expect(polled.headers.get('content-type')).toMatch(/^application\/json/)
    expect(polled.headers.get('cache-control')).toBe('no-store')
    const body = (await polled.json()) as { status: { phase: string; settled: boolean; phaseLabel: string } }
    expect(body.status).toMatchObject({ phase: 'ready', settled: true, phaseLabel: 'Sẵn sàng' })
    // Not signed in: the sign-in redirect, not the status.
    expect((await fetch(`${server.url}${page()}/provisioning`, { redirect: 'manual' })).status).toBe(302)
  })

  it("gives another agency's staff the same 404 as a missing project, for the page, the status and the forms", async () => {
    const missing = await get('lan.hoang', '/projects/khong-co-du-an-nay')
    expect(missing.status).toBe(404)
    const hidden = await get('lan.hoang', page())
    expect(hidden.status).toBe(404)
    expect(await hidden.text()).not.toContain(project.namespace + '-data')
    expect((await get('lan.hoang', `${page()}/provisioning`)).status).toBe(404)
    const before = await database.db.s3Credential.count()
    expect((await post('lan.hoang', page(), { intent: 'issue', label: 'xâm nhập' })).status).toBe(404)
    expect(await database.db.s3Credential.count()).toBe(before)
  })

  it(
    "shows drift found by a pass, with what drifted, on the page and in the operators' watch",
    { timeout: 60_000 },
    async () => {
      await admin.core.patchNamespacedResourceQuota(
        {
          name: OBJECT_NAMES.quota,
          namespace: project.namespace,
          body: { spec: { hard: { 'requests.cpu': '64' } } },
          fieldManager: 'kubectl-edit',
        },
        k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch),
      )
      const outcome = await reconcileProject(reconcilerDeps(database.db, connection, storage), project.projectId)
      expect(outcome?.drift.map((d) => d.target)).toContain(`ResourceQuota/${OBJECT_NAMES.quota}`)

      const html = decode(await (await get('an.nguyen', page())).text())
      expect(html).toContain('Lần kiểm tra gần nhất phát hiện thay đổi ngoài cổng và đã khôi phục.')
      expect(html).toContain(`ResourceQuota/${OBJECT_NAMES.quota}: spec.hard.requests.cpu`)

      const watch = await get('duc.dang', '/provisioning')
      expect(watch.status).toBe(200)
      const list = decode(await watch.text())
      expect(list).toContain('Theo dõi cấp phát')
      expect(list).toContain(`data-namespace="${project.namespace}"`)
      expect(list).toContain(`ResourceQuota/${OBJECT_NAMES.quota}: spec.hard.requests.cpu`)
      expect(list).toMatch(/nhật ký số \d+/)
      // In the operators' navigation, not in an agency user's; and the page itself refuses them.
      expect(list).toContain('href="/provisioning"')
      const staffHome = await (await get('an.nguyen', '/projects')).text()
      expect(staffHome).not.toContain('href="/provisioning"')
      expect((await get('an.nguyen', '/provisioning')).status).toBe(403)
    },
  )
})

describe('S3 keys on the project page', () => {
  it(
    'issues a key and shows its secret once, in the answer to the POST only; the list never shows it',
    { timeout: 60_000 },
    async () => {
      const answer = await post('an.nguyen', page(), { intent: 'issue', label: 'Máy chủ báo cáo đề tài' })
      expect(answer.status).toBe(200)
      expect(answer.headers.get('cache-control')).toMatch(/\bno-store\b/)
      const html = decode(await answer.text())
      expect(html).toContain('Hãy sao chép khoá bí mật ngay bây giờ')
      const secret = /data-testid="issued-secret">([^<]+)</.exec(html)?.[1]
      const accessKeyId = /data-testid="issued-access-key-id">([^<]+)</.exec(html)?.[1]
      expect(secret && accessKeyId).toBeTruthy()
      expect(answer.headers.get('location')).toBeNull()
      // Audited with where it came from (the proxy's last hop and the browser).
      const audit = await database.db.auditEntry.findFirstOrThrow({
        where: { action: 's3_credential.issued' },
        orderBy: { seq: 'desc' },
      })
      expect(audit).toMatchObject({ sourceIp: '10.20.30.40', userAgent: BROWSER, actorLabel: 'Nguyễn Văn An' })

      const again = decode(await (await get('an.nguyen', page())).text())
      expect(again).toContain(accessKeyId!)
      expect(again).toContain('Máy chủ báo cáo đề tài')
      expect(again).toContain('Nguyễn Văn An')
      expect(again).not.toContain(secret!)
      expect(await rowsContaining(database.db, secret!, ['S3Credential', 'AuditEntry', 'Job'])).toBe(0)
      expect(server.output()).not.toContain(secret!)

      const client = s3ClientWith({ accessKeyId: accessKeyId!, secretAccessKey: secret! })
      const bucket = bucketName(project.namespace, 'data')
      await eventually('the key to work', 20_000, async () =>
        (await s3StatusOf(client.send(new ListObjectsV2Command({ Bucket: bucket })))) === 200 ? true : undefined,
      )

      // Revoking asks for confirmation first, in the user's language.
      const key = await database.db.s3Credential.findUniqueOrThrow({ where: { accessKeyId: accessKeyId! } })
      const unconfirmed = await post('an.nguyen', page(), { intent: 'revoke', credentialId: key.id })
      expect(unconfirmed.status).toBe(422)
      expect(decode(await unconfirmed.text())).toContain('Hãy đánh dấu xác nhận trước khi tiếp tục.')
      expect((await database.db.s3Credential.findUniqueOrThrow({ where: { id: key.id } })).revokedAt).toBeNull()

      const revoked = await post('an.nguyen', page(), {
        intent: 'revoke',
        credentialId: key.id,
        confirm: 'on',
        reason: 'Máy chủ ngừng hoạt động',
      })
      expect(revoked.status).toBe(200)
      expect(decode(await revoked.text())).toContain(`Đã thu hồi khoá ${accessKeyId}.`)
      await eventually('the revoked key to be refused', 20_000, async () =>
        (await s3StatusOf(client.send(new ListObjectsV2Command({ Bucket: bucket })))) === 403 ? true : undefined,
      )
      const twice = await post('an.nguyen', page(), { intent: 'revoke', credentialId: key.id, confirm: 'on' })
      expect(decode(await twice.text())).toContain('Khoá này đã bị thu hồi trước đó.')
      client.destroy()
    },
  )

  it("explains every refusal in the user's language: an empty label, an unprovisioned project, a key of another project", async () => {
    const empty = await post('an.nguyen', page(), { intent: 'issue', label: '  ' })
    expect(empty.status).toBe(422)
    expect(decode(await empty.text())).toContain('Hãy nhập nhãn cho khoá.')
    const early = await post('an.nguyen', `/projects/${unprovisioned}`, { intent: 'issue', label: 'Cổng thông tin' })
    expect(early.status).toBe(422)
    expect(decode(await early.text())).toContain('Kho lưu trữ đối tượng của dự án chưa được cấp phát xong')
    const other = await post('an.nguyen', page(), {
      intent: 'rotate',
      credentialId: '00000000-0000-7000-8000-000000000000',
      confirm: 'on',
    })
    expect(decode(await other.text())).toContain('Không tìm thấy khoá này trong các khoá của dự án.')
    // In English for someone who chose it.
    const an = await signIn('an.nguyen')
    an.jar.store(await an.post('/lang', { lang: 'en', redirectTo: '/' }))
    const english = await post('an.nguyen', page(), { intent: 'issue', label: '' })
    expect(decode(await english.text())).toContain('Enter a label for the key.')
    an.jar.store(await an.post('/lang', { lang: 'vi', redirectTo: '/' }))
  })

  it('lets an operator see the keys and revoke one, but never issue or rotate', { timeout: 60_000 }, async () => {
    const issued = await post('an.nguyen', page(), { intent: 'issue', label: 'Đồng bộ dữ liệu' })
    const accessKeyId = /data-testid="issued-access-key-id">([^<]+)</.exec(await issued.text())?.[1]
    const key = await database.db.s3Credential.findUniqueOrThrow({ where: { accessKeyId: accessKeyId! } })

    const html = decode(await (await get('duc.dang', page())).text())
    expect(html).toContain('Khoá truy cập S3')
    expect(html).toContain(accessKeyId!)
    expect(html).toContain('không bao giờ thấy khoá bí mật')
    // The form, not the words: the page carries the whole catalogue for the browser's t().
    expect(html).not.toContain('id="issue-key"')
    expect(html).toContain(`id="revoke-${key.id}"`)
    expect(html).not.toContain(`id="rotate-${key.id}"`)
    expect((await post('duc.dang', page(), { intent: 'issue', label: 'vận hành' })).status).toBe(403)
    expect(
      await database.db.auditEntry.count({
        where: { action: 'credentials.issue', outcome: 'denied', entityId: project.projectId },
      }),
    ).toBe(1)
    expect((await post('duc.dang', page(), { intent: 'rotate', credentialId: key.id, confirm: 'on' })).status).toBe(403)
    const revoked = await post('duc.dang', page(), {
      intent: 'revoke',
      credentialId: key.id,
      confirm: 'on',
      reason: 'Khoá bị lộ',
    })
    expect(revoked.status).toBe(200)
    expect((await database.db.s3Credential.findUniqueOrThrow({ where: { id: key.id } })).revokedAt).not.toBeNull()
    expect(await storage.listAccessKeys(key.iamUser)).not.toContain(accessKeyId)
  })
})
