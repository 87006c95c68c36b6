import { z } from 'zod'
import { ConfigError } from './env'

// RESERVED_NAMESPACES: the namespace names the platform keeps for itself (decision 0034): the
// first version of the policy is seeded from it (decision 0049); after that platform administrators
// edit the list in the console, and the console (a project with one of them cannot request quotas)
// and the provisioning worker (it never applies to or deletes such a namespace) read the version
// in force (server/policies/store.ts). Comma-separated; each a namespace name or a
// prefix followed by `*`. Unset: the defaults below. A deployment that runs other platform
// components in namespaces an agency could be given (`<agency>-<project>`) adds them here.

/** Kubernetes' own, the console's (govcloud-system), and the platform components' namespaces. */
export const DEFAULT_RESERVED_NAMESPACES: readonly string[] = [
  'default',
  'kube-*',
  'govcloud-*',
  'ingress-nginx',
  'cert-manager',
  'velero',
  'monitoring',
]

const PATTERN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$|^[a-z0-9][-a-z0-9]*\*$/

/** The setting's schema, shared by the console's and the worker's settings. */
export const reservedNamespacesSchema = z
  .preprocess((value) => (value === '' ? undefined : value), z.string().optional())
  .transform((value) =>
    value === undefined
      ? [...DEFAULT_RESERVED_NAMESPACES]
      : value
          .split(',')
          .map((pattern) => pattern.trim())
          .filter(Boolean),
  )
  .pipe(
    z.array(
      z.string().regex(PATTERN, {
        error: 'must be a comma-separated list of namespace names, or prefixes ending in * (kube-*)',
      }),
    ),
  )

export function reservedNamespacesFromEnv(source: Record<string, string | undefined> = process.env): string[] {
  const result = z.object({ RESERVED_NAMESPACES: reservedNamespacesSchema }).safeParse(source)
  if (result.success) return result.data.RESERVED_NAMESPACES
  throw new ConfigError(
    result.error.issues.map((issue) => ({ setting: 'RESERVED_NAMESPACES', message: issue.message })),
  )
}
