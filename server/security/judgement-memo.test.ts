import { describe, expect, it } from 'vitest'
import type { EvaluationContext, KubeObject, Violation } from './evaluate'
import { contextKey, judgementMemo } from './judgement-memo'

const deployment = (uid: string | undefined, resourceVersion: string): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'mot-cua', namespace: 'so-khcn-mot-cua', uid, resourceVersion },
})
const context = (resourceVersion: string | undefined, level: 1 | 2 | 3 | 4 | 5 = 3): EvaluationContext => ({
  namespace: { metadata: { name: 'so-khcn-mot-cua', resourceVersion } },
  level,
  platform: { ingressNamespace: 'ingress-nginx', dnsNamespace: 'kube-system' },
})
const violation: Violation[] = [{ checkId: 'GC-WL-03', detail: { message: 'nginx:latest' } }]

/** A memo and a count of the evaluations it let through. */
function counted() {
  const memo = judgementMemo()
  let evaluations = 0
  const judge = (object: KubeObject, key: string) =>
    memo.judge(object, key, () => {
      evaluations++
      return violation
    })
  return { memo, judge, evaluations: () => evaluations }
}

describe('what the rules said about an unchanged object', () => {
  it('is reused while the object and its namespace’s context are unchanged, and judged again when either changes', () => {
    const { judge, evaluations } = counted()
    const key = contextKey(context('41'))!
    expect(judge(deployment('u1', '7'), key)).toBe(violation)
    expect(judge(deployment('u1', '7'), key)).toBe(violation)
    expect(evaluations()).toBe(1)
    judge(deployment('u1', '8'), key) // the object changed
    judge(deployment('u1', '8'), contextKey(context('42'))!) // its namespace was relabelled
    judge(deployment('u1', '8'), contextKey(context('42', 4))!) // its project's level was raised
    expect(evaluations()).toBe(4)
  })

  it('is never kept for an object without a uid, nor for a namespace without a version', () => {
    const { judge, evaluations } = counted()
    judge(deployment(undefined, '7'), contextKey(context('41'))!)
    judge(deployment(undefined, '7'), contextKey(context('41'))!)
    expect(evaluations()).toBe(2)
    expect(contextKey(context(undefined))).toBeNull()
  })

  it('forgets the objects a full scan no longer read', () => {
    const { memo, judge, evaluations } = counted()
    const key = contextKey(context('41'))!
    judge(deployment('u1', '7'), key)
    judge(deployment('u2', '7'), key)
    memo.keepOnly(new Set(['u2']))
    expect(memo.size).toBe(1)
    judge(deployment('u1', '7'), key)
    expect(evaluations()).toBe(3)
  })
})
