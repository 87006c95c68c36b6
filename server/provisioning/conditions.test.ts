import { describe, expect, it } from 'vitest'
import { catalogue, isMessageKey, translate } from '../i18n'
import { PLATFORM_PROBLEMS, PLATFORM_SYSTEMS, PlatformError } from '../platform/errors'
import { deletionConditions, liveConditions, platformErrorKey, retainedConditions } from './conditions'
import type { DesiredState } from './desired'
import type { ConditionDraft, LiveFindings } from './pass-result'

// Every condition a pass can write says its message as a catalogue key (decision 0080), whose
// English is the stored `message`, except a platform's refusal, whose own words are kept for the
// data centre while the key says it by kind.

const desired = { namespace: 'so-khcn-he-thong', buckets: [{}, {}] } as unknown as DesiredState
const findings = (over: Partial<LiveFindings> = {}): LiveFindings => ({
  drift: [],
  errors: [],
  notes: [],
  applied: [],
  buckets: [],
  belowUsage: [],
  ...over,
})
const three = (c: ConditionDraft[]) => {
  expect(c).toHaveLength(3)
  return c as [ConditionDraft, ConditionDraft, ConditionDraft]
}
const refusal = (kind: PlatformError['kind'], message: string, system: PlatformError['system'] = 'kubernetes') =>
  new PlatformError({ system, kind, status: 403, operation: 'apply ResourceQuota so-khcn/quota', message })

describe('the conditions a pass writes', () => {
  it('give every message a key whose English is the stored message', () => {
    const all = [
      ...liveConditions(desired, findings(), null),
      ...liveConditions(desired, findings({ applied: ['Namespace', 'ResourceQuota/quota'] }), null),
      ...liveConditions(
        desired,
        findings({ drift: [{ target: 'NetworkPolicy/default-deny', fields: ['spec'] }] }),
        null,
      ),
      ...liveConditions(
        desired,
        findings({ belowUsage: [{ resource: 'requests.cpu', used: '1500m', hard: '500m' }] }),
        null,
      ),
      ...retainedConditions(),
      ...deletionConditions(false, true, null),
      ...deletionConditions(false, false, null, ['so-khcn-he-thong-data']),
      ...deletionConditions(true, false, null),
    ]
    for (const c of all) {
      if (c.message === '') expect(c.messageKey, c.reason).toBeUndefined()
      else {
        expect(isMessageKey(c.messageKey ?? ''), `${c.reason}: ${c.messageKey}`).toBe(true)
        expect(translate('en', c.messageKey as never, c.messageParams)).toBe(c.message)
      }
    }
    const [ready, progressing] = three(liveConditions(desired, findings({ applied: ['Namespace'] }), null))
    expect(translate('vi', ready.messageKey as never, ready.messageParams)).toBe(
      'Namespace so-khcn-he-thong và 2 bucket khớp với hạn mức đã cấp.',
    )
    expect(translate('vi', progressing.messageKey as never, progressing.messageParams)).toBe(
      'Đã ghi 1 đối tượng lên Kubernetes.',
    )
  })

  it("keep a refusal's own words as the message and say it by kind in the key", () => {
    const error = refusal(
      'forbidden',
      'namespaces is forbidden: User "system:serviceaccount:govcloud:console" cannot patch',
    )
    const [ready, progressing, degraded] = three(liveConditions(desired, findings({ errors: [error] }), error))
    expect(ready).toMatchObject({ reason: 'KubernetesForbidden', message: error.message })
    expect(ready.messageKey).toBe('platform.error.kubernetes.forbidden')
    expect(degraded.messageKey).toBe('platform.error.kubernetes.forbidden')
    expect(progressing).toMatchObject({ reason: 'Stopped', messageKey: 'prov.msg.Stopped' })
    expect(translate('vi', ready.messageKey as never)).not.toContain('system:serviceaccount')
  })

  it('tell a full quota from a missing right, and keep the reason a program matches', () => {
    const full = refusal('forbidden', 'pods "more" is forbidden: exceeded quota: quota, requested: pods=1')
    expect(full.problem).toBe('quota_exceeded')
    expect(liveConditions(desired, findings({ errors: [full] }), full)[0]).toMatchObject({
      reason: 'KubernetesForbidden',
      messageKey: 'platform.error.kubernetes.quota_exceeded',
    })
    expect(refusal('invalid', 'TooManyBuckets: You have attempted to create more buckets', 'storage').problem).toBe(
      'quota_exceeded',
    )
    expect(refusal('unavailable', 'connect ECONNREFUSED').problem).toBe('unavailable')
  })
})

describe("the platform's refusals in words", () => {
  it('have a sentence for every system and problem, in both languages, naming no host', () => {
    for (const system of PLATFORM_SYSTEMS)
      for (const problem of PLATFORM_PROBLEMS) {
        const key = platformErrorKey({ system, problem })
        expect(isMessageKey(key), key).toBe(true)
        for (const locale of ['vi', 'en'] as const)
          expect(catalogue[locale][key as keyof (typeof catalogue)['vi']]).not.toMatch(/\{|:\d+|https?:/)
      }
  })
})
