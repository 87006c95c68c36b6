import { describe, expect, it } from 'vitest'
import { namespaceName } from './slug'
import { checkNotReserved, isReservedName } from './reserved-names'

const PATTERNS = ['default', 'kube-*', 'govcloud-*', 'ingress-nginx']

describe('reserved names', () => {
  it('reserves whole names and prefixes, and nothing that merely contains them', () => {
    for (const name of ['default', 'kube-system', 'kube-public', 'kube-node-lease', 'govcloud-system', 'ingress-nginx'])
      expect(isReservedName(name, PATTERNS), name).toBe(true)
    for (const name of ['default-x', 'so-kube-system', 'kubex', 'ingress-nginx-2', 'so-khcn-cong-dich-vu'])
      expect(isReservedName(name, PATTERNS), name).toBe(false)
  })

  it('refuses the namespace agency kube and project system would get, naming it', () => {
    const namespace = namespaceName('kube', 'system')
    expect(namespace).toBe('kube-system')
    expect(checkNotReserved(namespace, PATTERNS)).toEqual({
      ok: false,
      error: { code: 'project.namespace_reserved', params: { namespace: 'kube-system' } },
    })
    expect(checkNotReserved('so-khcn-cong-dich-vu', PATTERNS)).toEqual({ ok: true, value: 'so-khcn-cong-dich-vu' })
  })

  it('reserves nothing with no patterns', () => {
    expect(isReservedName('kube-system', [])).toBe(false)
  })
})
