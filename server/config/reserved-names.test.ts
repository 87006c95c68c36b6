import { describe, expect, it } from 'vitest'
import { ConfigError } from './env'
import { DEFAULT_RESERVED_NAMESPACES, reservedNamespacesFromEnv } from './reserved-names'

describe('RESERVED_NAMESPACES', () => {
  it('defaults to Kubernetes’ own names, the console’s and the platform components’', () => {
    expect(reservedNamespacesFromEnv({})).toEqual(DEFAULT_RESERVED_NAMESPACES)
    expect(reservedNamespacesFromEnv({ RESERVED_NAMESPACES: '' })).toEqual(DEFAULT_RESERVED_NAMESPACES)
    expect(DEFAULT_RESERVED_NAMESPACES).toEqual(expect.arrayContaining(['default', 'kube-*', 'govcloud-*']))
  })

  it('reads a list of names and prefixes', () => {
    expect(reservedNamespacesFromEnv({ RESERVED_NAMESPACES: 'default, kube-*,logging ,' })).toEqual([
      'default',
      'kube-*',
      'logging',
    ])
  })

  it('refuses what is not a name or a prefix, naming the setting', () => {
    for (const bad of ['Kube-System', '*-system', 'kube-*-x', 'a b']) {
      const error = (() => {
        try {
          reservedNamespacesFromEnv({ RESERVED_NAMESPACES: bad })
        } catch (e) {
          return e
        }
      })()
      expect(error, bad).toBeInstanceOf(ConfigError)
      expect((error as ConfigError).settings).toContain('RESERVED_NAMESPACES')
    }
  })
})
