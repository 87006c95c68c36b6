// The workload checks as CEL (GC-WL-01..05). A workload is judged by its pod template: a Pod's
// spec, a controller's spec.template.spec, a CronJob's spec.jobTemplate.spec.template.spec.
import { cel, type CelRule, type CelVariable, type RuleResource } from './model'
import { POD_SECURITY_VARIABLES, podSecurityMessage } from './pod-security'

export const WORKLOAD_RESOURCES: readonly RuleResource[] = [
  { group: '', version: 'v1', resource: 'pods', kind: 'Pod' },
  { group: 'apps', version: 'v1', resource: 'deployments', kind: 'Deployment' },
  { group: 'apps', version: 'v1', resource: 'statefulsets', kind: 'StatefulSet' },
  { group: 'apps', version: 'v1', resource: 'daemonsets', kind: 'DaemonSet' },
  { group: 'apps', version: 'v1', resource: 'replicasets', kind: 'ReplicaSet' },
  { group: 'batch', version: 'v1', resource: 'jobs', kind: 'Job' },
  { group: 'batch', version: 'v1', resource: 'cronjobs', kind: 'CronJob' },
]

const optionalList = (path: string) => `(has(${path}) ? ${path} : [])`

/** The pod template and its containers, the first variables of every workload rule. */
export const POD_VARIABLES: readonly CelVariable[] = [
  {
    name: 'pod',
    expression: cel(
      "object.kind == 'Pod' ? object.spec :",
      "object.kind == 'CronJob' ? object.spec.jobTemplate.spec.template.spec : object.spec.template.spec",
    ),
  },
  // Init containers and containers: what a pod runs and what its resources cover.
  {
    name: 'containers',
    expression: `${optionalList('variables.pod.initContainers')} + ${optionalList('variables.pod.containers')}`,
  },
  // With the ephemeral containers a person adds to a running pod (kubectl debug).
  {
    name: 'allContainers',
    expression: `variables.containers + ${optionalList('variables.pod.ephemeralContainers')}`,
  },
]

/** Where an image comes from, in full: `nginx` is docker.io/library/nginx, `me/app` docker.io/me/app. */
function fullImage(image: string): string {
  const host = `${image}.substring(0, ${image}.indexOf('/'))`
  return cel(
    `(!${image}.contains('/') ? 'docker.io/library/' + ${image} :`,
    `${host}.contains('.') || ${host}.contains(':') || ${host} == 'localhost' ? ${image} : 'docker.io/' + ${image})`,
  )
}

/** Whether an image is pinned as the level asks: a digest, or (level `tag`) a tag other than latest. */
function pinned(image: string): string {
  const tagged = `${image}.lastIndexOf(':') > ${image}.lastIndexOf('/')`
  return cel(
    `${image}.contains('@sha256:') || (params.data.imagePinning != 'digest' && !${image}.contains('@') &&`,
    `${tagged} && ${image}.substring(${image}.lastIndexOf(':') + 1) != 'latest')`,
  )
}

const workloadName = "object.kind + ' ' + object.metadata.name"

export const WORKLOAD_RULES: readonly CelRule[] = [
  {
    checkId: 'GC-WL-01',
    resources: WORKLOAD_RESOURCES,
    params: 'none',
    variables: [
      ...POD_VARIABLES,
      {
        name: 'unbounded',
        expression: cel(
          'variables.containers.filter(c, !has(c.resources) ||',
          "!has(c.resources.requests) || !('cpu' in c.resources.requests) || !('memory' in c.resources.requests) ||",
          "!has(c.resources.limits) || !('cpu' in c.resources.limits) || !('memory' in c.resources.limits)",
          ').map(c, c.name)',
        ),
      },
    ],
    validations: [
      {
        expression: 'size(variables.unbounded) == 0',
        messageExpression: cel(
          `${workloadName} + ': container ' + variables.unbounded.join(', ') + ' chưa khai báo đủ`,
          "resources.requests và resources.limits cho cpu và memory. — Container ' + variables.unbounded.join(', ') +",
          "' must declare resources.requests and resources.limits for cpu and memory.'",
        ),
      },
    ],
  },
  {
    checkId: 'GC-WL-02',
    resources: WORKLOAD_RESOURCES,
    params: 'level',
    variables: [
      ...POD_VARIABLES,
      {
        name: 'foreign',
        expression: cel(
          "variables.allContainers.filter(c, !params.data.allowedRegistries.split(',').exists(r,",
          `${fullImage('c.image')}.startsWith(r))).map(c, c.name + ' (' + c.image + ')')`,
        ),
      },
    ],
    validations: [
      {
        expression: 'size(variables.foreign) == 0',
        messageExpression: cel(
          `${workloadName} + ': image của ' + variables.foreign.join(', ') + ' không thuộc các kho được phép ở`,
          "cấp độ ' + params.data.level + ' (' + params.data.allowedRegistries.split(',').join(', ') + '). — The",
          "images of ' + variables.foreign.join(', ') + ' are not from the registries allowed at level ' +",
          "params.data.level + ' (' + params.data.allowedRegistries.split(',').join(', ') + ').'",
        ),
      },
    ],
  },
  {
    checkId: 'GC-WL-03',
    resources: WORKLOAD_RESOURCES,
    params: 'level',
    variables: [
      ...POD_VARIABLES,
      {
        name: 'mutable',
        expression: `variables.allContainers.filter(c, !(${pinned('c.image')})).map(c, c.name + ' (' + c.image + ')')`,
      },
    ],
    validations: [
      {
        expression: 'size(variables.mutable) == 0',
        messageExpression: cel(
          `${workloadName} + ': image của ' + variables.mutable.join(', ') + (params.data.imagePinning == 'digest' ?`,
          "' phải được tham chiếu bằng digest (image@sha256:…) ở cấp độ ' + params.data.level :",
          "' phải có thẻ phiên bản cố định, không dùng :latest hay bỏ trống thẻ') + '. — The images of ' +",
          "variables.mutable.join(', ') + (params.data.imagePinning == 'digest' ? ' must be referenced by digest",
          "(image@sha256:…) at level ' + params.data.level : ' must carry a fixed version tag, not :latest or no",
          "tag') + '.'",
        ),
      },
    ],
  },
  {
    checkId: 'GC-WL-04',
    resources: WORKLOAD_RESOURCES,
    params: 'none',
    variables: [...POD_VARIABLES, ...POD_SECURITY_VARIABLES],
    validations: [{ expression: 'size(variables.beyond) == 0', messageExpression: podSecurityMessage(workloadName) }],
  },
  {
    checkId: 'GC-WL-05',
    resources: WORKLOAD_RESOURCES,
    params: 'none',
    variables: [POD_VARIABLES[0]!],
    validations: [
      {
        expression: 'has(variables.pod.automountServiceAccountToken) && !variables.pod.automountServiceAccountToken',
        messageExpression: cel(
          `${workloadName} + ': đặt automountServiceAccountToken: false trong pod; token của service account là`,
          'một thông tin đăng nhập vào API server trong mọi container. — Set automountServiceAccountToken: false',
          "in the pod: a service account token is a credential for the API server in every container.'",
        ),
      },
    ],
  },
]
