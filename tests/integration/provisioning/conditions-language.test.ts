// The reconciler's conditions and the platform's refusals as people read them (decision 0080):
// real passes on the local cluster and storage drive a project through provisioned and applied, up
// to date, retrying (the API server unreachable) and a refusal by the API server (an object it
// rejects as invalid); after each, the project page is read in Vietnamese and in English, by an
// operator and by the project's own agency staff. No English on the Vietnamese page, the right
// sentence on each, and the platform's own words only to the data centre, under its disclosure.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { translate } from '#server/i18n'
import type { KubernetesConnection } from '#server/platform/kubernetes/connection'
import type { ObjectStorage } from '#server/platform/storage/object-storage'
import { reconcileProject } from '#server/provisioning/reconcile'
import { englishIn, readableText } from '../../helpers/english'
import { connectStackKubernetes, connectStackStorage } from '../../helpers/platform'
import { reconcilerDeps, tearDownPlatform } from '../../helpers/provisioning'
import { unreachableKubernetes } from '../../helpers/refused-pass'
import {
  PUBLIC_URL,
  signedInVisitor,
  startSeededConsole,
  type SeededConsole,
  type Visitor,
} from '../../helpers/seeded-console'

let started: SeededConsole
let connection: KubernetesConnection
/** The console's identity aimed at a port nothing listens on: every call is refused by the network. */
let unreachable: KubernetesConnection
let storage: ObjectStorage
let projectId: string
let namespace: string
const namespaces: string[] = []
const people: Record<'duc' | 'an', Visitor> = {} as never

beforeAll(async () => {
  started = await startSeededConsole({ env: { PUBLIC_URL } })
  connection = await connectStackKubernetes()
  unreachable = await unreachableKubernetes()
  storage = connectStackStorage()
  const db = started.database.db
  projectId = (await db.project.findFirstOrThrow({ where: { name: 'Hệ thống quản lý đề tài khoa học' } })).id
  // A namespace of this run's own (the seed's is shared by every seeded database).
  namespace = `t${Date.now().toString(36)}-de-tai-khcn`
  namespaces.push(namespace)
  await db.project.update({ where: { id: projectId }, data: { namespace } })
  people.duc = await signedInVisitor(started.server, 'duc.dang')
  people.an = await signedInVisitor(started.server, 'an.nguyen')
}, 300_000)

afterAll(async () => {
  await unreachable?.close()
  await tearDownPlatform(connection, storage, namespaces)
  await started?.stop()
})

const pass = (via = connection) => reconcileProject(reconcilerDeps(started.database.db, via, storage), projectId)

/** The parameters of each condition's message as the pass stored them, by reason. */
async function storedParams(): Promise<Record<string, Record<string, string | number> | undefined>> {
  const status = await started.database.db.provisioningStatus.findUniqueOrThrow({ where: { projectId } })
  const conditions = status.conditions as { reason: string; messageParams?: Record<string, string | number> }[]
  return Object.fromEntries(conditions.map((c) => [c.reason, c.messageParams]))
}

/** The project page as `who` reads it in `language`: its HTML and the prose a person reads. */
async function read(who: keyof typeof people, language: 'vi' | 'en') {
  const visitor = people[who]
  const answer = await visitor.get(`/projects/${namespace}`, { cookie: `${visitor.jar.header()}; lang=${language}` })
  expect(answer.status).toBe(200)
  const html = await answer.text()
  return { html, text: readableText(html) }
}

/**
 * Reads the page after a pass: each sentence (catalogue keys with parameters) in both languages,
 * no English on the Vietnamese pages, and the platform's words (`raw`) to the operator only.
 */
async function expectSaid(keys: readonly [string, Record<string, string | number>?][], raw?: string) {
  for (const language of ['vi', 'en'] as const) {
    for (const who of ['duc', 'an'] as const) {
      const { html, text } = await read(who, language)
      for (const [key, params] of keys)
        expect(text, `${who} ${language} ${key}`).toContain(translate(language, key as never, params ?? {}))
      if (language === 'vi') expect(englishIn(text, `${who} vi`)).toEqual([])
      if (raw === undefined) continue
      if (who === 'duc') {
        expect(html, 'the operator reads the details').toContain('<summary>' + translate(language, 'prov.details'))
        expect(html).toContain(raw)
      } else expect(html, "agency staff never get the platform's words").not.toContain(raw)
    }
  }
}

describe("the conditions on the project page, in the reader's language", () => {
  it('says provisioned and applied after the first pass, then up to date', { timeout: 180_000 }, async () => {
    const first = await pass()
    expect(first).toMatchObject({ phase: 'ready', error: null })
    const said = await storedParams()
    expect(said.Applied?.count).toBeGreaterThan(0)
    expect(said.Provisioned).toEqual({ namespace, buckets: 2 })
    await expectSaid([
      ['prov.msg.Provisioned', said.Provisioned],
      ['prov.msg.Applied', said.Applied],
    ])

    expect(await pass()).toMatchObject({ phase: 'ready', error: null })
    await expectSaid([['prov.msg.Provisioned', said.Provisioned], ['prov.msg.UpToDate']])
  })

  it('says the API server cannot be reached and that it will retry', { timeout: 180_000 }, async () => {
    const outcome = await pass(unreachable)
    expect(outcome).toMatchObject({ phase: 'degraded' })
    expect(outcome?.error?.message).toContain('ECONNREFUSED')
    await expectSaid(
      [['platform.error.kubernetes.unavailable'], ['prov.msg.Retrying'], ['prov.reason.KubernetesUnavailable']],
      'ECONNREFUSED',
    )
  })

  it(
    'says the API server refused an object as invalid, and that retrying will not help',
    { timeout: 180_000 },
    async () => {
      // A slug longer than a label's value may be (63): the API server itself refuses the Namespace (422).
      await started.database.db.project.update({ where: { id: projectId }, data: { slug: 'x'.repeat(70) } })
      const outcome = await pass()
      expect(outcome).toMatchObject({ phase: 'failed' })
      expect(outcome?.error).toMatchObject({ kind: 'invalid', status: 422 })
      await expectSaid(
        [['platform.error.kubernetes.invalid'], ['prov.msg.Stopped'], ['prov.reason.InvalidObject']],
        'must be no more than 63',
      )
    },
  )
})
