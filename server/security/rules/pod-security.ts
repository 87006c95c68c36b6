// GC-WL-04 as CEL: what a pod template asks beyond its namespace's Pod Security level (the label
// pod-security.kubernetes.io/enforce; a bound namespace without it is judged as restricted, the
// level the console gives). The controls of the Pod Security Standards that matter here, the
// baseline's and the restricted's; AppArmor, SELinux and sysctls are left to Pod Security
// admission itself. Pod Security admission refuses such Pods but only warns about controllers,
// whose pods then never start, and never looks again at what it admitted before a level was raised.
import { cel, type CelVariable } from './model'

/** Capabilities the baseline level lets a container add. */
const BASELINE_CAPABILITIES = [
  'AUDIT_WRITE',
  'CHOWN',
  'DAC_OVERRIDE',
  'FOWNER',
  'FSETID',
  'KILL',
  'MKNOD',
  'NET_BIND_SERVICE',
  'SETFCAP',
  'SETGID',
  'SETPCAP',
  'SETUID',
  'SYS_CHROOT',
]

/** Volume types the restricted level refuses (it allows configMap, csi, downwardAPI, emptyDir, ephemeral, persistentVolumeClaim, projected, secret). */
const RESTRICTED_VOLUME_TYPES = [
  'hostPath',
  'gcePersistentDisk',
  'awsElasticBlockStore',
  'gitRepo',
  'nfs',
  'iscsi',
  'glusterfs',
  'rbd',
  'flexVolume',
  'cinder',
  'cephfs',
  'flocker',
  'fc',
  'azureFile',
  'vsphereVolume',
  'quobyte',
  'azureDisk',
  'portworxVolume',
  'photonPersistentDisk',
  'scaleIO',
  'storageos',
  'image',
]

const quoted = (names: readonly string[]) => `[${names.map((name) => `'${name}'`).join(', ')}]`
const podContext = 'variables.pod.securityContext'
/** `c.securityContext.<field>` is set (and so may be read). */
const set = (c: string, field: string) => `has(${c}.securityContext) && has(${c}.securityContext.${field})`
const capabilities = (c: string, list: 'add' | 'drop') =>
  `has(${c}.securityContext) && has(${c}.securityContext.capabilities) && has(${c}.securityContext.capabilities.${list})`
const flag = (field: string) => `(has(variables.pod.${field}) && variables.pod.${field} ? ['${field}'] : [])`
const named = (what: string, condition: string) =>
  `variables.allContainers.filter(c, ${condition}).map(c, c.name + ': ${what}')`
const volumes = (types: readonly string[]) =>
  `(has(variables.pod.volumes) ? variables.pod.volumes.filter(v, ${types.map((t) => `has(v.${t})`).join(' || ')}).map(v, 'volume ' + v.name) : [])`
const seccompOk = (profile: string) => `${profile}.type in ['RuntimeDefault', 'Localhost']`
const podSeccompOk = `has(${podContext}) && has(${podContext}.seccompProfile) && ${seccompOk(`${podContext}.seccompProfile`)}`
const podNonRoot = `has(${podContext}) && has(${podContext}.runAsNonRoot) && ${podContext}.runAsNonRoot`

export const POD_SECURITY_VARIABLES: readonly CelVariable[] = [
  {
    name: 'podSecurity',
    expression: cel(
      'has(namespaceObject.metadata.labels) ?',
      "namespaceObject.metadata.labels[?'pod-security.kubernetes.io/enforce'].orValue('restricted') : 'restricted'",
    ),
  },
  {
    name: 'baseline',
    expression: cel(
      `${flag('hostNetwork')} + ${flag('hostPID')} + ${flag('hostIPC')} + ${volumes(['hostPath'])} +`,
      `${named('privileged', `${set('c', 'privileged')} && c.securityContext.privileged`)} +`,
      `${named('hostPort', 'has(c.ports) && c.ports.exists(p, has(p.hostPort) && p.hostPort != 0)')} +`,
      `${named('capabilities.add', `${capabilities('c', 'add')} && c.securityContext.capabilities.add.exists(k, !(k in ${quoted(BASELINE_CAPABILITIES)}))`)} +`,
      `${named('procMount', `${set('c', 'procMount')} && c.securityContext.procMount != 'Default'`)} +`,
      `${named('seccompProfile Unconfined', `${set('c', 'seccompProfile')} && c.securityContext.seccompProfile.type == 'Unconfined'`)} +`,
      `(has(${podContext}) && has(${podContext}.seccompProfile) && ${podContext}.seccompProfile.type == 'Unconfined' ?`,
      "['seccompProfile Unconfined'] : [])",
    ),
  },
  {
    name: 'restricted',
    expression: cel(
      `${named('allowPrivilegeEscalation', `!(${set('c', 'allowPrivilegeEscalation')}) || c.securityContext.allowPrivilegeEscalation`)} +`,
      `${named('runAsNonRoot', `${set('c', 'runAsNonRoot')} ? !c.securityContext.runAsNonRoot : !(${podNonRoot})`)} +`,
      `${named('runAsUser 0', `${set('c', 'runAsUser')} && c.securityContext.runAsUser == 0`)} +`,
      `(has(${podContext}) && has(${podContext}.runAsUser) && ${podContext}.runAsUser == 0 ? ['runAsUser 0'] : []) +`,
      `${named('capabilities.drop ALL', `!(${capabilities('c', 'drop')} && 'ALL' in c.securityContext.capabilities.drop)`)} +`,
      `${named('capabilities.add beyond NET_BIND_SERVICE', `${capabilities('c', 'add')} && c.securityContext.capabilities.add.exists(k, k != 'NET_BIND_SERVICE')`)} +`,
      `${named('seccompProfile', `${set('c', 'seccompProfile')} ? !(${seccompOk('c.securityContext.seccompProfile')}) : !(${podSeccompOk})`)} +`,
      volumes(RESTRICTED_VOLUME_TYPES.filter((type) => type !== 'hostPath')),
    ),
  },
  {
    name: 'beyond',
    expression: cel(
      "variables.podSecurity == 'privileged' ? [] : variables.baseline +",
      "(variables.podSecurity == 'restricted' ? variables.restricted : [])",
    ),
  },
]

export function podSecurityMessage(workloadName: string): string {
  return cel(
    `${workloadName} + ': vượt mức Pod Security "' + variables.podSecurity + '" của namespace: ' +`,
    "variables.beyond.join(', ') + '. — Asks more than the namespace’s Pod Security level \"' +",
    "variables.podSecurity + '\": ' + variables.beyond.join(', ') + '.'",
  )
}
