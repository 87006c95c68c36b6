import { afterAll, beforeAll, expect, it } from 'vitest'
import type { ApiDeps } from '#server/api/handler'
import { archiveAgency, createAgency } from '#server/agencies/store'
import { createSeededDatabase, type TestDatabase } from '../../helpers/database'
import { makeProject, makeUser } from '../../helpers/fixtures'
import { automationToken } from '../../helpers/sign-in'
import { apiDeps, call, expectProblem, fieldCodes, writeCounts } from '../api/support'

// The API refuses quota requests for an archived agency's systems with the reason at the field
// (decision 0052), and writes nothing. The realm's automation client is staff of so-tc, and so of
// every agency below it: the archived one is made there.

let t: TestDatabase
let deps: ApiDeps
let token: string
let projectId: string

beforeAll(async () => {
  t = await createSeededDatabase()
  deps = apiDeps(t.db)
  token = await automationToken()
  const admin = { actor: { id: await makeUser(t.db, 'Lý Văn Quang'), label: 'Lý Văn Quang' } }
  const made = await createAgency(
    t.db,
    { code: 'phong-kho-bac-cu', nameVi: 'Phòng Kho bạc cũ', kind: 'other', parentCode: 'so-tc' },
    admin,
  )
  if (!made.ok) throw new Error(JSON.stringify(made.issues))
  projectId = await makeProject(t.db, made.value.id, { name: 'Hệ thống kế toán cũ', securityLevel: 1 })
  expect((await archiveAgency(t.db, 'phong-kho-bac-cu', admin)).ok).toBe(true)
})
afterAll(async () => t?.drop())

it('answers 422 at /projectId with the archived agency named, in Vietnamese and in English, and writes nothing', async () => {
  const before = await writeCounts(t.db)
  const body = { projectId, kind: 'new', lines: [{ resource: 'cpu', amount: '2' }], justification: 'Kế toán' }
  for (const [language, words] of [
    ['vi', 'đã ngừng hoạt động'],
    ['en', 'is archived'],
  ] as const) {
    const answer = await call(deps, 'POST', '/requests', { token, body, headers: { 'accept-language': language } })
    const problem = expectProblem(answer, 422, 'api.invalid_input')
    expect(fieldCodes(problem)).toEqual([['/projectId', 'agency.archived']])
    expect(problem.errors?.[0]?.message).toContain(words)
    expect(problem.errors?.[0]?.message).toContain('phong-kho-bac-cu')
  }
  expect(await writeCounts(t.db)).toEqual(before)
})
