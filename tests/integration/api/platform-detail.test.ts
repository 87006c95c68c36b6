// What the API tells each role when provisioning failed on the platform (decision 0030): the
// platform's own messages name internal hosts and ports, which the data centre needs and agency
// staff must not learn; they read the failure's reason in their own language instead.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ApiDeps } from '#server/api/handler'
import type { TestDatabase } from '../../helpers/database'
import { createSeededDatabase } from '../../helpers/database'
import { failedOnThePlatform, PLATFORM_DETAIL } from '../../helpers/fixtures'
import { consoleUserToken } from '../../helpers/sign-in'
import { requireStackSetting } from '../../helpers/stack-env'
import { apiDeps, call, projectId as projectIdOf, type Schemas } from './support'

let t: TestDatabase
let deps: ApiDeps
let path: string
const tokens: Record<'an' | 'duc' | 'huong', string> = {} as never

beforeAll(async () => {
  t = await createSeededDatabase()
  // Console users' tokens are accepted here as the operators' API tests accept them (decision 0008).
  deps = apiDeps(t.db, { API_EXTRA_AUDIENCES: requireStackSetting('OIDC_CLIENT_ID') })
  const project = await projectIdOf(t.db, 'Hệ thống quản lý đề tài khoa học')
  await failedOnThePlatform(t.db, project)
  path = `/projects/${project}/provisioning`
  tokens.an = await consoleUserToken('an.nguyen')
  tokens.duc = await consoleUserToken('duc.dang')
  tokens.huong = await consoleUserToken('huong.pham')
}, 120_000)

afterAll(async () => t?.drop())

const status = async (token: string, language = 'vi') => {
  const answer = await call<Schemas['ProvisioningStatus']>(deps, 'GET', path, {
    token,
    headers: { 'accept-language': language },
  })
  expect(answer.status, answer.text).toBe(200)
  return answer
}

const SAID = {
  vi: 'Không kết nối được máy chủ API Kubernetes, hoặc máy chủ đang bận; cổng sẽ tự thử lại.',
  en: 'The Kubernetes API server could not be reached or was busy; the console will try again.',
}
const RETRYING = { vi: 'Cổng sẽ tự thử lại, mỗi lần cách nhau lâu hơn.', en: 'The pass will be retried with backoff.' }

describe("a failure on the platform, over the API's provisioning status", () => {
  it("gives the project's own agency the reason in its language, and no host, port or operation", async () => {
    for (const [language, reason] of [
      ['vi', 'Không kết nối được Kubernetes'],
      ['en', 'Kubernetes cannot be reached'],
    ] as const) {
      const { json, text } = await status(tokens.an, language)
      for (const detail of [...Object.values(PLATFORM_DETAIL), 'ECONNREFUSED', 'ResourceQuota', 'PutBucketQuota'])
        expect(text, `${detail} (${language})`).not.toContain(detail)
      expect(json.phase).toBe('degraded')
      expect(json.lastError).toBe(reason)
      expect(json.job).toMatchObject({ state: 'queued', attempts: 3, lastError: reason })
      expect(json.conditions.map((c) => [c.type, c.status, c.reason, c.message])).toEqual([
        ['Ready', 'False', 'KubernetesUnavailable', ''],
        ['Progressing', 'True', 'Retrying', ''],
        ['Degraded', 'True', 'KubernetesUnavailable', ''],
      ])
      // The console's own sentence by kind, in the caller's language (decision 0080), and its key.
      expect(json.conditions.map((c) => [c.messageKey, c.text])).toEqual([
        ['platform.error.kubernetes.unavailable', SAID[language]],
        ['prov.msg.Retrying', RETRYING[language]],
        ['platform.error.kubernetes.unavailable', SAID[language]],
      ])
    }
  })

  it("gives the data centre's roles the platform's own messages", async () => {
    for (const token of [tokens.duc, tokens.huong]) {
      const { json } = await status(token)
      expect(json.lastError).toContain(PLATFORM_DETAIL.apiServer)
      expect(json.job?.lastError).toContain(PLATFORM_DETAIL.storage)
      expect(json.conditions.find((c) => c.type === 'Degraded')?.message).toContain(PLATFORM_DETAIL.apiServer)
    }
  })
})
