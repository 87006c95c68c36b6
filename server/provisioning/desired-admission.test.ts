// The generated serialiser the platform adapter applies objects with (not in the package's index).
import { ObjectSerializer } from '@kubernetes/client-node/dist/gen/models/ObjectSerializer.js'
import { describe, expect, it } from 'vitest'
import { SECURITY_LEVELS } from '../domain/project'
import { evaluateObject, type KubeObject, type NamespaceObject } from '../security/evaluate'
import { DEFAULT_SETTINGS, desiredState, type ProjectIntent } from './desired'

// What the console makes in a project's namespace must pass the security checks it enforces
// there (decision 0038): the API server refuses a RoleBinding or a NetworkPolicy the rules fail,
// so a desired object that failed would stop every reconcile at that level. The objects are
// judged as the API server receives them: client-node's models serialised (`_from` is `from`)
// and sent as JSON (fields left undefined gone).
const intent: ProjectIntent = {
  projectId: '0190f3c2-7a6b-7000-8000-000000000001',
  namespace: 'so-khcn-cong',
  slug: 'cong',
  name: 'Cổng dịch vụ công',
  securityLevel: 4,
  agency: {
    code: 'so-khcn',
    nameVi: 'Sở Khoa học và Công nghệ',
    nameEn: 'Department of Science',
    parentCodes: ['ubnd-tinh'],
  },
  allocation: { state: 'active', backupRetentionDays: 14, lines: { cpu: 2_000n, memory: 1024n ** 3n } },
}
const platform = { ingressNamespace: DEFAULT_SETTINGS.ingressNamespace, dnsNamespace: 'kube-system' }

function asSentToTheApiServer(objects: ReturnType<typeof desiredState>['objects']): KubeObject[] {
  return objects.map(
    (object) =>
      JSON.parse(
        JSON.stringify({
          ...(ObjectSerializer.serialize(object, `V1${object.kind}`, '') as object),
          kind: object.kind,
        }),
      ) as KubeObject,
  )
}

describe("the console's own objects pass the security checks", () => {
  it.each([
    ['no group prefix', DEFAULT_SETTINGS],
    ['a group prefix', { ...DEFAULT_SETTINGS, groupPrefix: 'oidc:' }],
  ])('at every level, with %s', (_name, settings) => {
    for (const securityLevel of SECURITY_LEVELS) {
      const [namespace, ...inside] = asSentToTheApiServer(desiredState({ ...intent, securityLevel }, settings).objects)
      const context = { namespace: namespace as unknown as NamespaceObject, level: securityLevel, platform }
      expect(inside.map((object) => [object.kind, evaluateObject(object, context)])).toEqual(
        inside.map((object) => [object.kind, []]),
      )
    }
  })

  it('names the RoleBinding subjects in the annotation GC-RBAC-01 reads, and only those', () => {
    const [namespace, ...inside] = asSentToTheApiServer(desiredState(intent, DEFAULT_SETTINGS).objects)
    const binding = inside.find((object) => object.kind === 'RoleBinding')!
    const context = { namespace: namespace as unknown as NamespaceObject, level: 4 as const, platform }
    const stranger = { ...binding, subjects: [{ kind: 'Group', name: '/agencies/so-tc' }] }
    expect(evaluateObject(stranger, context).map((v) => v.checkId)).toEqual(['GC-RBAC-01'])
  })
})
