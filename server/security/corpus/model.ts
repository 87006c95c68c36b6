// The conformance corpus (decision 0038): objects good and bad for every CEL rule, fed both to the
// console's evaluator (unit tests) and to the API server's admission (tests/integration/security/
// conformance.test.ts), which must agree object by object. Test data, kept beside the rules it
// exercises so that a new rule and its cases change together.
import type { SecurityLevel } from '../../domain/project'
import type { KubeObject, NamespaceObject } from '../evaluate'
import { AGENCY_GROUPS_ANNOTATION, SECURITY_LEVEL_LABEL } from '../rules'

export interface CorpusCase {
  /** Unique; also the object's name. */
  readonly name: string
  readonly level: SecurityLevel
  /** The namespace's Pod Security level (restricted unless a recorded exception). */
  readonly podSecurity?: 'restricted' | 'baseline'
  readonly object: KubeObject
  /** The checks it fails at that level, whatever the level's enforcement. */
  readonly fails: readonly string[]
  /**
   * Where the API server answers before the rules are asked: `pod-security` (its own Pod
   * Security admission refuses a bare Pod first), `create-validation` (a field it never takes on
   * create, such as ephemeral containers, reached through a subresource instead; there Pod
   * Security admission again answers first for what it refuses itself).
   */
  readonly apiServerFirst?: 'pod-security' | 'create-validation'
}

/** The agency's group and its parent's, as the console writes them on its namespaces. */
export const CORPUS_AGENCY_GROUPS = ['/agencies/so-khcn', '/agencies/ubnd-tinh']

/** The namespace a case is judged in: its level, Pod Security and agency groups as the console labels them. */
export function corpusNamespace(name: string, level: SecurityLevel, podSecurity = 'restricted'): NamespaceObject {
  return {
    metadata: {
      name,
      labels: {
        'kubernetes.io/metadata.name': name,
        [SECURITY_LEVEL_LABEL]: String(level),
        'pod-security.kubernetes.io/enforce': podSecurity,
      },
      annotations: { [AGENCY_GROUPS_ANNOTATION]: CORPUS_AGENCY_GROUPS.join(',') },
    },
  }
}

/** The platform's settings the corpus is judged with (infra/platform/govcloud-system.yaml). */
export const CORPUS_PLATFORM = { ingressNamespace: 'ingress-nginx', dnsNamespace: 'kube-system' }

/** An object as it travels to the API server: JSON, fields left undefined gone. */
export function asSent<T>(object: T): T {
  return JSON.parse(JSON.stringify(object)) as T
}

/** A case's object placed in a namespace (the placeholder NAMESPACE in its fields becomes the name). */
export function objectIn(c: CorpusCase, namespace: string): KubeObject {
  const object = JSON.parse(JSON.stringify(c.object).replaceAll('NAMESPACE', namespace)) as KubeObject
  return { ...object, metadata: { ...object.metadata, namespace } }
}
