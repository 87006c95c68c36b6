import { describe, expect, it } from 'vitest'
import type { ProvisioningView } from './status'
import { UNEXPLAINED_REASON, withoutPlatformDetail } from './status-audience'

const at = '2026-12-06T04:00:00.000Z'
const HOST = '10.43.0.1:6443'

/** A pass that failed on the API server, as conditions.ts and status-row.ts record it. */
const failed: ProvisioningView = {
  phase: 'degraded',
  conditions: [
    {
      type: 'Ready',
      status: 'False',
      reason: 'KubernetesUnavailable',
      message: `dial tcp ${HOST}`,
      lastTransitionTime: at,
    },
    {
      type: 'Progressing',
      status: 'True',
      reason: 'Retrying',
      message: 'The pass will be retried.',
      lastTransitionTime: at,
    },
    {
      type: 'Degraded',
      status: 'True',
      reason: 'KubernetesUnavailable',
      message: `dial tcp ${HOST}`,
      lastTransitionTime: at,
    },
  ],
  observedGeneration: 2,
  generation: 3,
  lastReconciledAt: new Date(at),
  lastSucceededAt: null,
  lastError: `kubernetes: apply ResourceQuota so-khcn-x/quota: connect ECONNREFUSED ${HOST}`,
  driftDetected: true,
  lastDriftAt: new Date(at),
  deleteAfter: null,
  details: { endpoint: `https://${HOST}` },
  deletedAt: null,
  quotaBelowUsage: [{ resource: 'pods', used: '12', hard: '10' }],
  postureNotes: [{ code: 'bucket.retained', severity: 'medium', message: 'Bucket so-khcn-x-data is kept.' }],
  lastDrift: { at: new Date(at), auditSeq: '9', items: [{ target: 'NetworkPolicy/default-deny', fields: ['spec'] }] },
  job: { state: 'queued', attempts: 2, runAt: new Date(at), lastError: `storage: PutBucketQuota: http://${HOST}` },
}

const explain = (reason: string) => `<${reason}>`

describe('withoutPlatformDetail', () => {
  it("keeps none of the platform's words, and explains each error by the failure's reason", () => {
    const seen = withoutPlatformDetail(failed, explain)
    expect(JSON.stringify(seen)).not.toContain(HOST)
    expect(seen.conditions.map((c) => [c.type, c.status, c.reason, c.message])).toEqual([
      ['Ready', 'False', 'KubernetesUnavailable', ''],
      ['Progressing', 'True', 'Retrying', ''],
      ['Degraded', 'True', 'KubernetesUnavailable', ''],
    ])
    expect(seen.lastError).toBe('<KubernetesUnavailable>')
    expect(seen.job?.lastError).toBe('<KubernetesUnavailable>')
    expect(seen.details).toEqual({})
  })

  it("keeps the agency's own facts: phase, times, drift on its objects, quota below use, posture notes", () => {
    const seen = withoutPlatformDetail(failed, explain)
    const { conditions: _c, lastError: _e, details: _d, job, ...own } = seen
    const { conditions: _c2, lastError: _e2, details: _d2, job: job2, ...before } = failed
    expect(own).toEqual(before)
    expect({ ...job, lastError: null }).toEqual({ ...job2, lastError: null })
  })

  it('says nothing went wrong when nothing did, and gives the unexplained reason when no condition classifies it', () => {
    const healthy = { ...failed, lastError: null, job: null }
    expect(withoutPlatformDetail(healthy, explain)).toMatchObject({ lastError: null, job: null })
    const bare = { ...failed, conditions: [] }
    expect(withoutPlatformDetail(bare, explain).lastError).toBe(`<${UNEXPLAINED_REASON}>`)
  })
})
