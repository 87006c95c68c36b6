import type * as k8s from '@kubernetes/client-node'
import { describe, expect, it } from 'vitest'
import { namespaceOwnership, notOwnedError, ownerOf, ownershipLabels } from './ownership'

const RESERVED = ['default', 'kube-*']
const namespace = (labels?: Record<string, string>): k8s.V1Namespace => ({ metadata: { name: 'so-tc-cong', labels } })

describe('what the console owns', () => {
  it('owns what carries its label and this project’s id, nothing else', () => {
    expect(ownerOf(ownershipLabels('p1'), 'p1')).toBe('ours')
    expect(ownerOf(ownershipLabels('p2'), 'p1')).toBe('another_project')
    expect(ownerOf({ 'govcloud.langson.gov.vn/project-id': 'p1' }, 'p1')).toBe('unlabelled')
    expect(ownerOf({}, 'p1')).toBe('unlabelled')
    expect(ownerOf(null, 'p1')).toBe('unlabelled')
  })

  it('may make an absent namespace, never a reserved one, whoever made it', () => {
    expect(namespaceOwnership('p1', 'so-tc-cong', undefined, RESERVED)).toBe('absent')
    expect(namespaceOwnership('p1', 'so-tc-cong', namespace(ownershipLabels('p1')), RESERVED)).toBe('ours')
    expect(namespaceOwnership('p1', 'so-tc-cong', namespace({ owner: 'someone' }), RESERVED)).toBe('unlabelled')
    expect(namespaceOwnership('p1', 'kube-system', undefined, RESERVED)).toBe('reserved')
    expect(namespaceOwnership('p1', 'kube-system', namespace(ownershipLabels('p1')), RESERVED)).toBe('reserved')
  })

  it('says why in a terminal error', () => {
    const error = notOwnedError('storage', 'Bucket so-tc-cong-data', 'unlabelled')
    expect(error).toMatchObject({ system: 'storage', kind: 'not_owned', retryable: false })
    expect(error.message).toContain("Bucket so-tc-cong-data is not the console's to change")
    expect(error.message).toContain('neither adopted nor deleted')
  })
})
