// Names people read, over the API (decision 0030): an S3 key's label is shown to everyone who sees
// the project's keys, so like every other name it may not hide characters or reorder itself on
// screen (a right-to-left override makes "Máy chủ‮exe.gnp" read as "Máy chủpng.exe").
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ApiDeps } from '#server/api/handler'
import { createSeededDatabase, type TestDatabase } from '../../helpers/database'
import { consoleUserToken } from '../../helpers/sign-in'
import { requireStackSetting } from '../../helpers/stack-env'
import { apiDeps, call, expectProblem, fieldCodes, projectId as projectIdOf } from './support'

let t: TestDatabase
let deps: ApiDeps
let keys: string
let token: string

beforeAll(async () => {
  t = await createSeededDatabase()
  deps = apiDeps(t.db, { API_EXTRA_AUDIENCES: requireStackSetting('OIDC_CLIENT_ID') })
  keys = `/projects/${await projectIdOf(t.db, 'Hệ thống quản lý đề tài khoa học')}/s3-credentials`
  token = await consoleUserToken('an.nguyen')
}, 120_000)

afterAll(async () => t?.drop())

describe("an S3 key's label", () => {
  it('is refused with invisible, control or bidirectional-override characters, before anything is made', async () => {
    for (const label of ['Máy chủ\u202egnp.exe', 'Máy\u200bchủ', 'Máy \u2066chủ\u2069', 'Máy chủ\u0007']) {
      const answer = await call(deps, 'POST', keys, { token, body: { label } })
      const problem = expectProblem(answer, 422, 'api.invalid_input')
      expect(fieldCodes(problem), JSON.stringify(label)).toEqual([['/label', 'name.invalid_characters']])
    }
    expect(await t.db.s3Credential.count()).toBe(0)
  })
})
