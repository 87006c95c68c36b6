// Names the platform keeps for itself (decision 0034): Kubernetes' own namespaces (`kube-*`,
// `default`), the console's and the platform components'. A project's namespace is
// `<agency>-<slug>`, so agency `kube` with project `system` would be `kube-system`: no project may
// be given one of these names, and the reconciler never touches a namespace that has one.
import { err, ok, type Result } from './errors'

/** A pattern is a whole name (`default`) or a prefix followed by `*` (`kube-*`). */
export function isReservedName(name: string, patterns: readonly string[]): boolean {
  return patterns.some((pattern) => (pattern.endsWith('*') ? name.startsWith(pattern.slice(0, -1)) : name === pattern))
}

/** The project's namespace, or the refusal that says it is the platform's. */
export function checkNotReserved(namespace: string, patterns: readonly string[]): Result<string> {
  return isReservedName(namespace, patterns) ? err('project.namespace_reserved', { namespace }) : ok(namespace)
}
