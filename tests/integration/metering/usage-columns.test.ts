// The usage columns of object storage and backups (issue 17): what the metering measured shows its
// figure, and "chưa đo" appears only where no hour has been measured yet, saying why and when the
// next measurement is. A seeded project is provisioned for real, an object put into its data
// bucket, its hour metered from the stack's time-series store; another never was.
import { PutObjectCommand } from '@aws-sdk/client-s3'
import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { dataBucketNames } from '#server/domain/bucket-names'
import { translate, type Locale } from '#server/i18n'
import { formatDateTime } from '#server/i18n/format'
import { meterHour } from '#server/metering/job'
import type { KubernetesConnection } from '#server/platform/kubernetes/connection'
import type { ObjectStorage } from '#server/platform/storage/object-storage'
import { nextMeasuredBy } from '#server/metering/next-measurement'
import { formatResourceAmount, resourceLabel } from '#app/utils/labels.server'
import { readableText } from '../../helpers/english'
import {
  adminS3Client,
  bucketBytes,
  connectStackKubernetes,
  connectStackMetrics,
  connectStackStorage,
  hourHolding,
} from '../../helpers/platform'
import { provisionSeeded, tearDownPlatform } from '../../helpers/provisioning'
import {
  PUBLIC_URL,
  signedInVisitor,
  startSeededConsole,
  type SeededConsole,
  type Visitor,
} from '../../helpers/seeded-console'

let started: SeededConsole
let connection: KubernetesConnection
let storage: ObjectStorage
let measured: { projectId: string; namespace: string }
/** A seeded project granted backup storage that no metering pass has measured. */
let neverMeasured: string
let operator: Visitor
const s3 = adminS3Client()
const store = connectStackMetrics()
/** Not the default 300: the page must tell the next measurement from the period configured. */
const METERING_PERIOD_SECONDS = 900

beforeAll(async () => {
  started = await startSeededConsole({ env: { PUBLIC_URL, METERING_PERIOD_SECONDS: String(METERING_PERIOD_SECONDS) } })
  connection = await connectStackKubernetes()
  storage = connectStackStorage()
  measured = await provisionSeeded(started.database.db, connection, storage, 'Hệ thống quản lý đề tài khoa học')
  neverMeasured = (
    await started.database.db.project.findFirstOrThrow({
      where: { name: 'Nền tảng tích hợp, chia sẻ dữ liệu tỉnh (LGSP)' },
    })
  ).namespace
  operator = await signedInVisitor(started.server, 'duc.dang')
}, 300_000)

afterAll(async () => {
  s3.destroy()
  await tearDownPlatform(connection, storage, measured ? [measured.namespace] : [])
  await started?.stop()
})

async function projectPage(namespace: string, locale: Locale): Promise<string> {
  const answer = await operator.get(`/projects/${namespace}`, { cookie: `${operator.jar.header()}; lang=${locale}` })
  expect(answer.status).toBe(200)
  return readableText(await answer.text())
}

/** The headroom row of `resource` as read: its label, then its use on the next line (spaces plain). */
const row = (resource: string, locale: Locale, used: string) =>
  `${resourceLabel(resource, locale)}\n${used}`.replace(/\u00a0/g, ' ')

describe('the usage columns of object storage and backups', () => {
  // First: the metering pass below measures every project of the database.
  it('say why a project never measured has no figure, and when it will', async () => {
    for (const locale of ['vi', 'en'] as const) {
      const before = new Date()
      const text = await projectPage(neverMeasured, locale)
      // The page may have been built in the next hour: either hour's next measurement is right.
      const said = [before, new Date()].map((at) =>
        row(
          'backupStorage',
          locale,
          translate(locale, 'headroom.notMetered', {
            time: formatDateTime(nextMeasuredBy(at, METERING_PERIOD_SECONDS), locale),
          }),
        ),
      )
      expect(
        said.some((s) => text.includes(s)),
        `${locale}: ${said[0]}\n---\n${text}`,
      ).toBe(true)
    }
    // "chưa đo" alone, without why and when, is on no line.
    expect((await projectPage(neverMeasured, 'vi')).split('\n')).not.toContain('chưa đo')
  })

  it("show the metered bucket's figure, and the buckets it counted", { timeout: 420_000 }, async () => {
    const { db, pool } = started.database
    const bucket = dataBucketNames(measured.namespace, 2)[0]!
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'bao-cao.bin', Body: randomBytes(200_000) }))
    const hour = await hourHolding(store, [bucketBytes(bucket, 200_000)])
    expect(await meterHour({ db, pool, store }, hour)).toMatchObject({ refused: 0 })
    const records = await db.usageRecord.findMany({ where: { projectId: measured.projectId, hour } })
    const used = (resource: string) => records.find((r) => r.resource === resource)?.used ?? null
    expect(used('objectStorage')).toBeGreaterThan(0n)
    expect(used('buckets')).toBe(2n)

    for (const locale of ['vi', 'en'] as const) {
      const text = await projectPage(measured.namespace, locale)
      expect(text).toContain(
        row('objectStorage', locale, formatResourceAmount('objectStorage', used('objectStorage')!, locale)),
      )
      expect(text).toContain(row('buckets', locale, formatResourceAmount('buckets', 2n, locale)))
      expect(text).toContain(
        translate(locale, 'headroom.meteredUpTo', {
          time: formatDateTime(new Date(hour.getTime() + 3_600_000), locale),
        }),
      )
    }
  })
})
