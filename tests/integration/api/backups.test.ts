// A project's backups and restores over the REST API (issue 15, decision 0056), against the real
// Keycloak, PostgreSQL, Kubernetes, Velero and SeaweedFS; the worker's backup jobs run in this
// process as govcloud-console. The project's agency lists its backups and restores one into its
// namespace; another agency's staff get 404 on all three operations and nothing is created; an
// operator reads but may not restore (403); a missing body field, another namespace and a backup
// that is not the project's are 422 at their field, audited, nothing created.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ApiDeps } from '#server/api/handler'
import type { KubernetesConnection } from '#server/platform/kubernetes/connection'
import type { ObjectStorage } from '#server/platform/storage/object-storage'
import { createSeededDatabase, type TestDatabase } from '../../helpers/database'
import { removeBackupsOf, restoresOf, seededProjectWithBackup } from '../../helpers/project-backups'
import { connectStackKubernetes, connectStackStorage } from '../../helpers/platform'
import { eventually } from '../../helpers/poll'
import { tearDownPlatform } from '../../helpers/provisioning'
import { consoleUserToken } from '../../helpers/sign-in'
import { requireStackSetting } from '../../helpers/stack-env'
import { apiDeps, call, expectProblem, fieldCodes, type Schemas } from './support'

let t: TestDatabase
let deps: ApiDeps
let connection: KubernetesConnection
let storage: ObjectStorage
let worker: { stop(): Promise<void> } | undefined
let project: { projectId: string; namespace: string }
let backupName: string
const tokens: Record<'an' | 'lan' | 'duc', string> = {} as never

beforeAll(async () => {
  t = await createSeededDatabase()
  connection = await connectStackKubernetes()
  storage = connectStackStorage()
  ;({ project, backupName, worker } = await seededProjectWithBackup(t, connection, storage))
  deps = apiDeps(t.db, { API_EXTRA_AUDIENCES: requireStackSetting('OIDC_CLIENT_ID') })
  tokens.an = await consoleUserToken('an.nguyen')
  tokens.lan = await consoleUserToken('lan.hoang')
  tokens.duc = await consoleUserToken('duc.dang')
}, 240_000)

afterAll(async () => {
  await worker?.stop()
  if (project) await removeBackupsOf([project], storage)
  await tearDownPlatform(connection, storage, project ? [project.namespace] : [])
  await t?.drop()
})

describe('backups over the API', () => {
  const backups = () => `/projects/${project.projectId}/backups`
  const restores = () => `/projects/${project.projectId}/restores`

  it("lists the project's backups for its agency and the data centre, and is a 404 for another agency", async () => {
    const mine = await call<Schemas['ProjectBackups']>(deps, 'GET', backups(), { token: tokens.an })
    expect(mine.status, mine.text).toBe(200)
    expect(mine.json).toMatchObject({
      state: 'ok',
      schedule: '0 2 * * *',
      lastSuccess: { name: backupName, phase: 'Completed' },
      failures: [],
      missingSince: null,
    })
    expect(mine.json.backups.map((b) => b.name)).toEqual([backupName])
    expect(mine.json.backups[0]!.bytes).toBeGreaterThan(0)
    expect(Date.parse(mine.json.nextRunAt ?? '')).toBeGreaterThan(Date.now())
    expect((await call(deps, 'GET', backups(), { token: tokens.duc })).status).toBe(200)
    expectProblem(await call(deps, 'GET', backups(), { token: tokens.lan }), 404, 'api.not_found')
  })

  it('refuses another agency (404) and an operator (403) a restore, creating nothing', async () => {
    const body = { backupName }
    expectProblem(await call(deps, 'POST', restores(), { token: tokens.lan, body }), 404, 'api.not_found')
    expectProblem(await call(deps, 'POST', restores(), { token: tokens.duc, body }), 403, 'api.forbidden')
    expect(await restoresOf(backupName)).toEqual([])
  })

  it('answers bad input at its field, audited, nothing created; a good restore is 202 and its state readable', async () => {
    const missing = expectProblem(
      await call(deps, 'POST', restores(), { token: tokens.an, body: {} }),
      422,
      'api.invalid_input',
    )
    expect(fieldCodes(missing)).toEqual([['/backupName', 'input.required']])
    const elsewhere = expectProblem(
      await call(deps, 'POST', restores(), { token: tokens.an, body: { backupName, namespace: 'kube-system' } }),
      422,
      'restore.other_namespace',
    )
    expect(fieldCodes(elsewhere)).toEqual([['/namespace', 'restore.other_namespace']])
    const foreign = expectProblem(
      await call(deps, 'POST', restores(), {
        token: tokens.an,
        body: { backupName: 'khong-co' },
        headers: { 'accept-language': 'vi' },
      }),
      422,
      'restore.backup_not_found',
    )
    expect(foreign.detail).toBe('Không tìm thấy bản sao lưu “khong-co” của hệ thống này.')
    expect(fieldCodes(foreign)).toEqual([['/backupName', 'restore.backup_not_found']])
    expect(await restoresOf(backupName)).toEqual([])

    const asked = await call<Schemas['RestoreRequested']>(deps, 'POST', restores(), {
      token: tokens.an,
      body: { backupName },
    })
    expect(asked.status, asked.text).toBe(202)
    const location = asked.headers.get('location') ?? ''
    expect(location).toMatch(new RegExp(`/projects/${project.projectId}/restores/${asked.json.restoreName}$`))
    const path = `/projects/${project.projectId}/restores/${asked.json.restoreName}`
    const state = await eventually('the restore ended', 120_000, async () => {
      const read = await call<Schemas['Restore']>(deps, 'GET', path, { token: tokens.an })
      return read.status === 200 && ['Completed', 'PartiallyFailed', 'Failed'].includes(read.json.phase)
        ? read.json
        : undefined
    })
    expect(state).toMatchObject({ backupName, phase: 'Completed', errors: 0 })
    expectProblem(await call(deps, 'GET', path, { token: tokens.lan }), 404, 'api.not_found')
    expectProblem(
      await call(deps, 'GET', `/projects/${project.projectId}/restores/khong-co`, { token: tokens.an }),
      404,
      'api.not_found',
    )
    const audited = await t.db.auditEntry.findMany({
      where: { entityId: project.projectId, action: { in: ['backup.restore_requested', 'backup.restore_refused'] } },
      orderBy: { seq: 'asc' },
      select: { action: true },
    })
    expect(audited.map((a) => a.action)).toEqual([
      'backup.restore_refused',
      'backup.restore_refused',
      'backup.restore_requested',
    ])
  })
})
