// What a project uses, read from its ResourceQuota's status (`status.used`, kept by Kubernetes'
// quota controller) and put in the console's resource keys and canonical units, for the "used"
// column of the headroom pages. Pure: the pass reads the quota, this translates it.
import { parseBytes, parseCount, parseCpu } from '../domain/quantity'
import type { ResourceKey } from '../domain/resources'

const STORAGE_CLASS_REQUESTS = /^(.+)\.storageclass\.storage\.k8s\.io\/requests\.storage$/

/** The quota's keys the console grants, and how to read each; other keys are not resources here. */
function resourceOf(
  quotaKey: string,
): { resource: ResourceKey; parse: (v: string) => ReturnType<typeof parseCpu> } | null {
  switch (quotaKey) {
    case 'requests.cpu':
      return { resource: 'cpu', parse: parseCpu }
    case 'requests.memory':
      return { resource: 'memory', parse: parseBytes }
    case 'pods':
      return { resource: 'pods', parse: parseCount }
    case 'requests.nvidia.com/gpu':
      return { resource: 'gpu', parse: parseCount }
  }
  const storageClass = STORAGE_CLASS_REQUESTS.exec(quotaKey)?.[1]
  return storageClass ? { resource: `volume:${storageClass}`, parse: parseBytes } : null
}

/** Used amounts by resource; a value Kubernetes writes that does not parse is left out, not guessed. */
export function usageFromQuota(used: Readonly<Record<string, string>> | undefined): Map<ResourceKey, bigint> {
  const out = new Map<ResourceKey, bigint>()
  for (const [key, value] of Object.entries(used ?? {})) {
    const known = resourceOf(key)
    if (!known) continue
    const parsed = known.parse(value)
    if (parsed.ok) out.set(known.resource, parsed.value)
  }
  return out
}
