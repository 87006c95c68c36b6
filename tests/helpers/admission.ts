import { request } from 'node:https'
import * as k8s from '@kubernetes/client-node'
import { admissionObjects, checkIdOfPolicy } from '#server/security/rules/admission'
import { RULE_RESOURCES } from '#server/security/rules'
import type { KubeObject } from '#server/security/evaluate'
import { eventually } from './poll'

// The admission policies of the security checks (decision 0038) as the API server applies them,
// and what it answers: one request sent as any client sends it, with the refusal and every warning
// read back, and the check each names (from the policy's name, govcloud-check-<id>).

/**
 * Applies the generated policies, bindings and ConfigMaps as `stack up kubernetes` does (server-side,
 * field manager govcloud-platform), then waits until the API server enforces them in `namespace`
 * (of level 3 or above, where GC-WL-04 refuses): it loads new policies a moment after they are written.
 */
export async function applySecurityChecks(kc: k8s.KubeConfig, namespace: string): Promise<void> {
  const api = k8s.KubernetesObjectApi.makeApiClient(kc)
  for (const object of admissionObjects())
    await api.patch(object, undefined, undefined, 'govcloud-platform', true, k8s.PatchStrategy.ServerSideApply)
  await eventually('the admission policies to be enforced', 30_000, async () => {
    const answer = await sendToApiServer(kc, PROBE, namespace, { dryRun: true })
    return refusalOf(answer)?.checkId === 'GC-WL-04' ? true : undefined
  })
}

/** A privileged Deployment: refused by GC-WL-04 at levels 3-5. */
const PROBE: KubeObject = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'admission-probe' },
  spec: {
    selector: { matchLabels: { app: 'probe' } },
    template: {
      metadata: { labels: { app: 'probe' } },
      spec: {
        containers: [{ name: 'app', image: 'registry.k8s.io/pause:3.10', securityContext: { privileged: true } }],
      },
    },
  },
}

export interface Answer {
  readonly status: number
  /** The Status message of a refusal; '' when admitted. */
  readonly message: string
  readonly body: unknown
  /** Each Warning header's text, UTF-8. */
  readonly warnings: readonly string[]
}

/** The path of a kind's collection in a namespace (the kinds the rules judge). */
function collectionPath(object: KubeObject, namespace: string): string {
  const resource = RULE_RESOURCES.find((r) => r.kind === object.kind)
  if (!resource) throw new Error(`no rule judges ${object.kind}`)
  const base = resource.group === '' ? '/api/v1' : `/apis/${resource.group}/${resource.version}`
  return `${base}/namespaces/${namespace}/${resource.resource}`
}

/**
 * Sends an object to the API server as kc's identity: a create, or with `subresource` a replace
 * of the existing object's subresource (a Pod's ephemeralcontainers). `dryRun` asks the API server
 * to admit and validate without storing.
 */
export async function sendToApiServer(
  kc: k8s.KubeConfig,
  object: KubeObject,
  namespace: string,
  options: { dryRun?: boolean; subresource?: string } = {},
): Promise<Answer> {
  const cluster = kc.getCurrentCluster()!
  const sub = options.subresource ? `/${object.metadata.name}/${options.subresource}` : ''
  const url = new URL(`${cluster.server}${collectionPath(object, namespace)}${sub}`)
  if (options.dryRun) url.searchParams.set('dryRun', 'All')
  const body = JSON.stringify({ ...object, metadata: { ...object.metadata, namespace } })
  const https: import('node:https').RequestOptions = {
    method: options.subresource ? 'PUT' : 'POST',
    headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) },
  }
  await kc.applyToHTTPSOptions(https)
  return new Promise((resolve, reject) => {
    const req = request(url, https, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (chunk: Buffer) => chunks.push(chunk))
      res.on('error', reject)
      res.on('end', () => {
        const parsed = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { kind?: string; message?: string }
        resolve({
          status: res.statusCode ?? 0,
          message: parsed.kind === 'Status' && res.statusCode !== 201 ? (parsed.message ?? '') : '',
          body: parsed,
          warnings: warningTexts(res.rawHeaders),
        })
      })
    })
    req.on('error', reject)
    req.end(body)
  })
}

/** Warning headers are `299 - "<text>"`, the text's quotes and backslashes escaped; Node reads header bytes as latin1. */
function warningTexts(rawHeaders: readonly string[]): string[] {
  const texts: string[] = []
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    if (rawHeaders[i]!.toLowerCase() !== 'warning') continue
    const value = Buffer.from(rawHeaders[i + 1]!, 'latin1').toString('utf8')
    const quoted = /^\d{3} \S+ "((?:[^"\\]|\\.)*)"/.exec(value)
    texts.push(quoted ? quoted[1]!.replace(/\\(.)/g, '$1') : value)
  }
  return texts
}

/** What one of our policies said: its check, the binding (and so the level), the message. */
export interface PolicyVerdict {
  readonly checkId: string
  readonly binding: string
  readonly message: string
}

const verdict = (policy: string, binding: string, message: string): PolicyVerdict | null => {
  const checkId = checkIdOfPolicy(policy)
  return checkId ? { checkId, binding, message } : null
}

/** The check a refusal names, as the API server words it (dispatcher.go: the first denial only). */
export function refusalOf(answer: Answer): PolicyVerdict | null {
  const found = /ValidatingAdmissionPolicy '([^']+)' with binding '([^']+)' denied request: (.*)$/s.exec(answer.message)
  return found ? verdict(found[1]!, found[2]!, found[3]!) : null
}

/** The warnings of our policies (Warn bindings), in the order given; Pod Security's and others' left out. */
export function policyWarnings(answer: Answer): PolicyVerdict[] {
  return answer.warnings.flatMap((text) => {
    const found = /^Validation failed for ValidatingAdmissionPolicy '([^']+)' with binding '([^']+)': (.*)$/s.exec(text)
    const parsed = found ? verdict(found[1]!, found[2]!, found[3]!) : null
    return parsed ? [parsed] : []
  })
}
