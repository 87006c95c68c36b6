import { describe, expect, it } from 'vitest'
import type { ProvisioningView } from '#server/provisioning/status'
import { describeStatus } from './provisioning.server'

// What a person reads of a status, in each language: the pure part of the project page's panel.

const at = (iso: string) => new Date(iso)
const base: ProvisioningView = {
  phase: 'ready',
  conditions: [
    {
      type: 'Ready',
      status: 'True',
      reason: 'Provisioned',
      message: 'Namespace x and 1 bucket(s) match the allocation.',
      lastTransitionTime: '2026-11-20T03:00:00.000Z',
    },
    {
      type: 'Progressing',
      status: 'False',
      reason: 'UpToDate',
      message: 'Nothing to change.',
      lastTransitionTime: '2026-11-20T03:00:00.000Z',
    },
    {
      type: 'Degraded',
      status: 'False',
      reason: 'AsExpected',
      message: '',
      lastTransitionTime: '2026-11-20T03:00:00.000Z',
    },
  ],
  observedGeneration: 2,
  generation: 2,
  lastReconciledAt: at('2026-11-25T01:30:00Z'),
  lastSucceededAt: at('2026-11-25T01:30:00Z'),
  lastError: null,
  driftDetected: false,
  lastDriftAt: null,
  deleteAfter: null,
  deletedAt: null,
  details: {},
  quotaBelowUsage: [],
  postureNotes: [],
  lastDrift: null,
  job: null,
}

describe('describeStatus', () => {
  it('is settled when ready with no job, and says when it was checked in Vietnamese dates', () => {
    const view = describeStatus(base, 'vi', at('2026-11-25T02:00:00Z'))
    expect(view).toMatchObject({
      phase: 'ready',
      phaseLabel: 'Sẵn sàng',
      tone: 'success',
      settled: true,
      degraded: null,
      belowUsage: [],
      lastReconciled: '25/11/2026 08:30',
    })
    expect(view.conditions.map((c) => `${c.typeLabel}: ${c.statusLabel} (${c.reasonLabel})`)).toEqual([
      'Sẵn sàng: Có (Namespace và bucket khớp với hạn mức đã cấp)',
      'Đang xử lý: Không (Không có gì cần thay đổi)',
      'Suy giảm: Không (Bình thường)',
    ])
  })

  it('keeps polling while a job is queued or running, and shows its attempts and last error', () => {
    const queued = describeStatus(
      {
        ...base,
        phase: 'degraded',
        job: {
          state: 'queued',
          attempts: 2,
          runAt: at('2026-11-25T02:05:00Z'),
          lastError: 'storage: ListBuckets: connect ECONNREFUSED',
        },
      },
      'vi',
    )
    expect(queued.settled).toBe(false)
    expect(queued.job).toBe('Đang xếp hàng, chạy lúc 25/11/2026 09:05 (lần thử 3)')
    // No condition classifies the job's error: the sentence says the platform erred; its words are detail.
    expect(queued.jobError?.text).toBe('Nền tảng báo lỗi; trung tâm dữ liệu xem được chi tiết kỹ thuật')
    expect(queued.jobError?.detail).toContain('ECONNREFUSED')
    const running = describeStatus(
      {
        ...base,
        phase: 'provisioning',
        job: { state: 'running', attempts: 1, runAt: at('2026-11-25T02:05:00Z'), lastError: null },
      },
      'en',
    )
    expect(running).toMatchObject({ settled: false, job: 'Running (attempt 1)', phaseLabel: 'Provisioning' })
  })

  it('says plainly that Kubernetes refuses new pods after a decrease below current use, with the amounts', () => {
    const view = describeStatus(
      {
        ...base,
        conditions: [
          ...base.conditions.slice(0, 2),
          {
            type: 'Degraded',
            status: 'True',
            reason: 'QuotaBelowUsage',
            message: 'The new quota is below current use (requests.cpu: 3 used, 2 allowed).',
            lastTransitionTime: '2026-11-25T01:30:00.000Z',
          },
        ],
        quotaBelowUsage: [
          { resource: 'requests.cpu', used: '3', hard: '2' },
          { resource: 'requests.memory', used: '6Gi', hard: '4Gi' },
          { resource: 'fast.storageclass.storage.k8s.io/requests.storage', used: '600Gi', hard: '500Gi' },
        ],
      },
      'vi',
    )
    expect(view.degraded?.reasonLabel).toBe('Hạn mức mới thấp hơn mức đang dùng')
    // Amounts keep a non-breaking space before their unit.
    expect(view.belowUsage.map((line) => line.replace(/\u00a0/g, ' '))).toEqual([
      'CPU (requests.cpu): đang dùng 3 vCPU, hạn mức 2 vCPU',
      'Bộ nhớ (RAM) (requests.memory): đang dùng 6 GiB, hạn mức 4 GiB',
      'Ổ đĩa lớp fast (fast.storageclass.storage.k8s.io/requests.storage): đang dùng 600 GiB, hạn mức 500 GiB',
    ])
  })

  it('names the deletion date of an ended allocation, and what drifted', () => {
    const view = describeStatus(
      {
        ...base,
        phase: 'retained',
        deleteAfter: at('2026-12-25T00:00:00Z'),
        driftDetected: true,
        lastDriftAt: at('2026-11-24T00:00:00Z'),
        lastDrift: {
          at: at('2026-11-24T00:00:00Z'),
          auditSeq: '42',
          items: [{ target: 'NetworkPolicy/default-deny', fields: ['(absent)'] }],
        },
      },
      'en',
    )
    expect(view).toMatchObject({
      phaseLabel: 'Ended, data kept',
      tone: 'warning',
      settled: true,
      deleteAfter: '25 Dec 2026, 07:00',
      driftNow: true,
    })
    expect(view.lastDrift).toEqual({ at: '24 Nov 2026, 07:00', items: ['NetworkPolicy/default-deny: (absent)'] })
  })

  it('translates posture notes by their code', () => {
    const view = describeStatus(
      {
        ...base,
        postureNotes: [
          {
            code: 'backup.object_lock_unsupported',
            severity: 'high',
            message: 'The object storage has no object lock.',
          },
        ],
      },
      'vi',
    )
    expect(view.posture).toEqual([
      'Kho lưu trữ không hỗ trợ khoá đối tượng (object lock): bản sao lưu có thể bị xoá trước khi hết thời gian lưu giữ.',
    ])
  })
})
