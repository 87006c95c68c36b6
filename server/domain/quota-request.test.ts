import { describe, expect, it } from 'vitest'
import { MAX_AMOUNT } from './amount'
import { validateDraft, validateForSubmit, type RequestContentInput, type RequestContext } from './quota-request'
import type { ResourceKey } from './resources'

const GiB = 2n ** 30n
const now = new Date('2026-11-25T03:00:00Z')
const context: RequestContext = {
  catalogue: { storageClasses: ['fast-ssd', 'standard-hdd'], gpuAvailable: false },
  now,
}

const good: RequestContentInput = {
  kind: 'new',
  lines: [
    { resource: 'cpu', amount: 4000n },
    { resource: 'memory', amount: 16n * GiB },
    { resource: 'volume:fast-ssd', amount: 200n * GiB },
    { resource: 'backupStorage', amount: 100n * GiB },
    { resource: 'pods', amount: 0n },
  ],
  backup: { schedule: '0 2 * * *', retentionDays: 30 },
  justification: '  Cổng dịch vụ công cần thêm tài nguyên cho năm 2027.  ',
  endDate: new Date('2027-12-31T16:59:59.999Z'),
}

function codes(result: ReturnType<typeof validateDraft>): [string, string][] {
  return result.ok ? [] : result.issues.map((found) => [found.path, found.error.code])
}

describe('validateDraft', () => {
  it('accepts an empty draft', () => {
    const result = validateDraft({ kind: 'new', lines: [] }, context)
    expect(result).toEqual({
      ok: true,
      value: { kind: 'new', lines: [], backup: null, justification: '', endDate: null },
    })
  })

  it('accepts zero amounts, a past end date and no justification', () => {
    const result = validateDraft(
      { kind: 'increase', lines: [{ resource: 'cpu', amount: 0n }], endDate: new Date('2020-01-01') },
      context,
    )
    expect(result.ok).toBe(true)
  })

  it('normalises the justification (NFC, trimmed, line breaks kept)', () => {
    const result = validateDraft({ ...good, justification: ' Dòng một\nDòng hai '.normalize('NFD') }, context)
    expect(result.ok && result.value.justification).toBe('Dòng một\nDòng hai')
  })

  it.each<[Partial<RequestContentInput>, [string, string][]]>([
    [{ kind: 'grow' }, [['kind', 'request.kind_invalid']]],
    [{ lines: [{ resource: 'volume:gold', amount: 1n }] }, [['lines.0.resource', 'resource.storage_class_unknown']]],
    [{ lines: [{ resource: 'gpu', amount: 1n }] }, [['lines.0.resource', 'resource.gpu_unavailable']]],
    [{ lines: [{ resource: 'disk', amount: 1n }] }, [['lines.0.resource', 'resource.unknown']]],
    [
      {
        lines: [
          { resource: 'cpu', amount: 1n },
          { resource: 'cpu', amount: 2n },
        ],
      },
      [['lines.1.resource', 'request.duplicate_line']],
    ],
    [{ lines: [{ resource: 'cpu', amount: -1n }] }, [['lines.0.amount', 'quantity.negative']]],
    [{ lines: [{ resource: 'cpu', amount: MAX_AMOUNT + 1n }] }, [['lines.0.amount', 'quantity.overflow']]],
    [{ justification: 'x'.repeat(4001) }, [['justification', 'request.justification_too_long']]],
    [
      { backup: { schedule: '* * * * *', retentionDays: 0 } },
      [
        ['backup.schedule', 'request.schedule_invalid'],
        ['backup.retentionDays', 'request.retention_out_of_range'],
      ],
    ],
    [{ endDate: new Date('nonsense') }, [['endDate', 'input.invalid_date']]],
  ])('refuses %o', (change, expected) => {
    expect(codes(validateDraft({ ...good, ...change }, context))).toEqual(expected)
  })

  it('reports lines at their original index when the caller gives one', () => {
    const result = validateDraft({ kind: 'new', lines: [{ resource: 'disk', amount: 1n, index: 7 }] }, context)
    expect(codes(result)).toEqual([['lines.7.resource', 'resource.unknown']])
  })

  it('accepts exactly 4000 characters of justification, counted as characters', () => {
    expect(validateDraft({ ...good, justification: 'ệ'.repeat(4000) }, context).ok).toBe(true)
  })
})

describe('validateForSubmit', () => {
  it('accepts a complete request and drops zero lines', () => {
    const result = validateForSubmit(good, context)
    expect(result.ok).toBe(true)
    if (result.ok) {
      expect(result.value.lines.map((line) => line.resource)).toEqual([
        'cpu',
        'memory',
        'volume:fast-ssd',
        'backupStorage',
      ])
      expect(result.value.justification).toBe('Cổng dịch vụ công cần thêm tài nguyên cho năm 2027.')
      expect(result.value.backup).toEqual({ schedule: '0 2 * * *', retentionDays: 30 })
    }
  })

  it.each<[string, Partial<RequestContentInput>, [string, string][]]>([
    ['all amounts zero', { lines: [{ resource: 'cpu', amount: 0n }] }, [['lines', 'request.no_amount']]],
    ['no lines', { lines: [] }, [['lines', 'request.no_amount']]],
    ['blank justification', { justification: ' \n ' }, [['justification', 'request.justification_required']]],
    ['missing justification', { justification: null }, [['justification', 'request.justification_required']]],
    ['end date now', { endDate: now }, [['endDate', 'request.end_date_not_future']]],
    ['end date past', { endDate: new Date('2026-01-01') }, [['endDate', 'request.end_date_not_future']]],
    ['backup storage without settings', { backup: null }, [['backup', 'request.backup_settings_required']]],
  ])('refuses %s', (_, change, expected) => {
    expect(codes(validateForSubmit({ ...good, ...change }, context))).toEqual(expected)
  })

  it('does not also ask for backup settings when the given ones are bad', () => {
    const result = validateForSubmit({ ...good, backup: { schedule: 'bad', retentionDays: 30 } }, context)
    expect(codes(result)).toEqual([['backup.schedule', 'request.schedule_invalid']])
  })

  it("refuses a schedule that runs more often than the system's level allows, at the schedule's field", () => {
    const sixHourly = { ...good, backup: { schedule: '0 */6 * * *', retentionDays: 30 } }
    expect(codes(validateForSubmit(sixHourly, { ...context, securityLevel: 2 }))).toEqual([
      ['backup.schedule', 'request.schedule_too_frequent'],
    ])
    expect(validateForSubmit(sixHourly, { ...context, securityLevel: 3 }).ok).toBe(true)
  })

  it('does not also say "no amount" when the only line is invalid', () => {
    const result = validateForSubmit({ ...good, lines: [{ resource: 'disk', amount: 5n }] }, context)
    expect(codes(result)).toEqual([['lines.0.resource', 'resource.unknown']])
  })

  it('lets a decrease go without backup settings but not with an end date', () => {
    const decrease = {
      kind: 'decrease',
      lines: [{ resource: 'backupStorage', amount: 10n * GiB }],
      justification: 'Giảm',
    }
    expect(validateForSubmit(decrease, context).ok).toBe(true)
    expect(codes(validateForSubmit({ ...decrease, endDate: new Date('2030-01-01') }, context))).toEqual([
      ['endDate', 'request.end_date_not_allowed'],
    ])
  })

  describe('against the current allocation', () => {
    const held = new Map<ResourceKey, bigint>([
      ['cpu', 4000n],
      ['memory', 8n * GiB],
    ])
    const withAllocation = { ...context, currentAllocation: held }
    const empty = { ...context, currentAllocation: new Map<ResourceKey, bigint>([['cpu', 0n]]) }

    it('refuses an increase that would outlive the allocation it adds to, naming its end', () => {
      const endsAt = new Date('2027-06-30T16:59:59.999Z')
      const ending = { ...withAllocation, allocationEndsAt: endsAt }
      const increase = { kind: 'increase', lines: [{ resource: 'cpu', amount: 1000n }], justification: 'Mùa cao điểm' }
      const late = validateForSubmit({ ...increase, endDate: new Date('2027-07-01T16:59:59.999Z') }, ending)
      expect(late.ok ? [] : late.issues).toEqual([
        {
          path: 'endDate',
          error: { code: 'request.end_date_after_allocation', params: { endsAt: endsAt.toISOString() } },
        },
      ])
      // The same day, an earlier one, or none at all (it then ends with the allocation) are fine,
      // and an allocation without an end takes any future date.
      expect(validateForSubmit({ ...increase, endDate: endsAt }, ending).ok).toBe(true)
      expect(validateForSubmit({ ...increase, endDate: new Date('2027-01-31T16:59:59.999Z') }, ending).ok).toBe(true)
      expect(validateForSubmit({ ...increase, endDate: null }, ending).ok).toBe(true)
      expect(
        validateForSubmit(
          { ...increase, endDate: new Date('2030-01-01') },
          { ...withAllocation, allocationEndsAt: null },
        ).ok,
      ).toBe(true)
    })

    it('refuses a new request when the project already holds resources', () => {
      expect(codes(validateForSubmit(good, withAllocation))).toEqual([['kind', 'request.allocation_exists']])
      expect(validateForSubmit(good, empty).ok).toBe(true)
    })

    it('refuses an increase or decrease without an allocation', () => {
      for (const kind of ['increase', 'decrease']) {
        const result = validateForSubmit(
          { kind, lines: [{ resource: 'cpu', amount: 1000n }], justification: 'x' },
          empty,
        )
        expect(codes(result)).toEqual([['kind', 'request.no_active_allocation']])
      }
    })

    it('refuses a decrease larger than what is held, naming the amounts', () => {
      const result = validateForSubmit(
        {
          kind: 'decrease',
          lines: [
            { resource: 'memory', amount: 4n * GiB },
            { resource: 'cpu', amount: 5000n },
          ],
          justification: 'Bớt',
        },
        withAllocation,
      )
      expect(result.ok).toBe(false)
      if (!result.ok) {
        expect(result.issues).toEqual([
          {
            path: 'lines.1.amount',
            error: {
              code: 'request.decrease_exceeds_allocation',
              params: { resource: 'cpu', current: '4000', requested: '5000' },
            },
          },
        ])
      }
    })

    it('accepts an increase of a held allocation', () => {
      const result = validateForSubmit(
        { kind: 'increase', lines: [{ resource: 'cpu', amount: 2000n }], justification: 'Tăng' },
        withAllocation,
      )
      expect(result.ok).toBe(true)
    })
  })
})
