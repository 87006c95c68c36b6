import { randomBytes } from 'node:crypto'
import * as k8s from '@kubernetes/client-node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SecurityLevel } from '#server/domain/project'
import { checkById, ruleAt } from '#server/security/catalogue'
import { CORPUS, corpusNamespace, objectIn, type CorpusCase } from '#server/security/corpus'
import { evaluateObject, type NamespaceObject, type Violation } from '#server/security/evaluate'
import type { PlatformParams } from '#server/security/rules'
import { applySecurityChecks, policyWarnings, refusalOf, sendToApiServer, type Answer } from '../../helpers/admission'
import { eventually } from '../../helpers/poll'
import { adminKubeConfig } from '../../helpers/platform'

// One corpus, two judges (issue 13, decision 0038): every object of server/security/corpus/ is
// sent to the stack's API server, which runs the generated admission policies
// (infra/platform/security-checks.yaml), and given to the console's evaluator; they must agree
// object by object. The API server refuses with the first denial only (the dispatcher reports
// deniedDecisions[0]) and returns every warning: so a refused object names one check, which must be
// one the evaluator refuses at that level with the same message, and the warnings must be exactly
// the checks the evaluator warns about, with the same messages.

const run = randomBytes(3).toString('hex')
const kc = adminKubeConfig()
const core = kc.makeApiClient(k8s.CoreV1Api)
const namespaces = new Map<string, NamespaceObject>()
let platform: PlatformParams
let started = 0
const tally = { refused: 0, warned: 0, admitted: 0 }

const namespaceKey = (c: CorpusCase) => `l${c.level}-${c.podSecurity ?? 'restricted'}`

async function makeNamespace(level: SecurityLevel, podSecurity: string): Promise<NamespaceObject> {
  const name = `conformance-${run}-l${level}-${podSecurity}`
  await core.createNamespace({ body: corpusNamespace(name, level, podSecurity) })
  // Pods need the namespace's default service account, which its controller adds a moment later.
  await eventually(`service account default in ${name}`, 30_000, () =>
    core.readNamespacedServiceAccount({ name: 'default', namespace: name }).then(() => true),
  )
  // Judged as the scanner will: the namespace as the API server holds it, as JSON (the evaluator
  // takes plain objects, not the client library's classes).
  return JSON.parse(JSON.stringify(await core.readNamespace({ name }))) as NamespaceObject
}

beforeAll(async () => {
  started = performance.now()
  const settings = await core.readNamespacedConfigMap({ name: 'govcloud-platform', namespace: 'govcloud-system' })
  platform = { ingressNamespace: settings.data!.ingressNamespace!, dnsNamespace: settings.data!.dnsNamespace! }
  for (const c of CORPUS) {
    if (!namespaces.has(namespaceKey(c)))
      namespaces.set(namespaceKey(c), await makeNamespace(c.level, c.podSecurity ?? 'restricted'))
  }
  await applySecurityChecks(kc, namespaces.get('l4-restricted')!.metadata.name)
}, 120_000)

afterAll(async () => {
  const seconds = ((performance.now() - started) / 1000).toFixed(1)
  console.log(`conformance: ${CORPUS.length} objects in ${seconds} s; API server ${JSON.stringify(tally)}`)
  await Promise.allSettled([...namespaces.values()].map((ns) => core.deleteNamespace({ name: ns.metadata.name })))
})

/** The evaluator's failing checks at the case's level, by how that level holds them at admission. */
function expected(c: CorpusCase, violations: readonly Violation[]) {
  const by = (enforcement: string) =>
    violations.filter((v) => ruleAt(checkById(v.checkId)!, c.level)?.enforcement === enforcement)
  return { deny: by('deny'), warn: by('warn') }
}

/** The answer to a Pod's ephemeral containers, which only the subresource takes, on a real Pod without them. */
async function ephemeralAnswer(object: ReturnType<typeof objectIn>, namespace: string): Promise<Answer> {
  const created = await sendToApiServer(kc, object, namespace, { dryRun: true })
  // The API server's own validation refuses them on create, before any admission policy is asked.
  expect(created.status).toBe(422)
  expect(created.message).toContain('ephemeralContainers')
  const spec = { ...(object.spec as Record<string, unknown>), ephemeralContainers: undefined }
  const running = await sendToApiServer(kc, { ...object, spec: JSON.parse(JSON.stringify(spec)) as unknown }, namespace)
  expect(running.status).toBe(201)
  return sendToApiServer(kc, object, namespace, { dryRun: true, subresource: 'ephemeralcontainers' })
}

/** Warnings truncated by the API server (256 runes each, once they pass 4 KiB in all) end early. */
const sameMessage = (api: string, evaluator: string) =>
  api === evaluator || ([...api].length <= 256 && evaluator.startsWith(api.replace(/…$/, '')))

describe('the API server and the console evaluator agree on every corpus object', () => {
  it.each(CORPUS.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const namespace = namespaces.get(namespaceKey(c))!
    const object = objectIn(c, namespace.metadata.name)
    const violations = evaluateObject(object, { namespace, level: c.level, platform })
    expect(violations.map((v) => v.checkId).sort()).toEqual([...c.fails].sort())
    const { deny, warn } = expected(c, violations)

    const answer =
      c.apiServerFirst === 'create-validation'
        ? await ephemeralAnswer(object, namespace.metadata.name)
        : await sendToApiServer(kc, object, namespace.metadata.name, { dryRun: true })
    const refusal = refusalOf(answer)
    if (c.apiServerFirst && answer.status === 403 && !refusal) {
      // Pod Security admission answers before the policies for a Pod, on create and on its
      // ephemeral containers alike: it refuses what GC-WL-04 refuses, so both judges refuse.
      expect(answer.message).toContain('violates PodSecurity')
      expect(deny.map((v) => v.checkId)).toContain('GC-WL-04')
    } else if (deny.length > 0) {
      expect(answer.status, answer.message).toBe(403)
      expect(
        deny.map((v) => v.checkId),
        answer.message,
      ).toContain(refusal?.checkId)
      expect(refusal!.message).toBe(deny.find((v) => v.checkId === refusal!.checkId)!.detail.message)
      expect(refusal!.binding).toMatch(new RegExp(`-level-${c.level}$`))
    } else {
      expect(answer.status, answer.message).toBe(201)
    }
    const warnings = policyWarnings(answer)
    expect(warnings.map((w) => w.checkId).sort()).toEqual(warn.map((v) => v.checkId).sort())
    for (const w of warnings) {
      expect(sameMessage(w.message, warn.find((v) => v.checkId === w.checkId)!.detail.message), w.message).toBe(true)
    }
    tally[answer.status === 201 ? (warnings.length > 0 ? 'warned' : 'admitted') : 'refused']++
  })
})
