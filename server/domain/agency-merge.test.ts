import { describe, expect, it } from 'vitest'
import type { Agency } from './agency'
import {
  checkMergeDate,
  earliestMergeDate,
  planMerge,
  type MergeAllocationLine,
  type MergeProject,
} from './agency-merge'

function agency(id: string, parentId: string | null, extra: Partial<Agency> = {}): Agency {
  return { id, code: `code-${id}`, nameVi: id, nameEn: '', parentId, status: 'active', mergedIntoId: null, ...extra }
}

// Districts were abolished in 2025: their units merge into the province's or the communes'.
const agencies: Agency[] = [
  agency('province', null),
  agency('district', 'province'),
  agency('commune-1', 'district'),
  agency('commune-2', 'district'),
  agency('dept', 'province'),
  agency('gone', 'province', { status: 'merged', mergedIntoId: 'dept' }),
  agency('shut', 'province', { status: 'archived' }),
]

const projects: MergeProject[] = [
  { id: 'p1', agencyId: 'district', slug: 'portal' },
  { id: 'p2', agencyId: 'district', slug: 'archive' },
  { id: 'p3', agencyId: 'dept', slug: 'portal' },
  { id: 'p4', agencyId: 'dept', slug: 'portal-2' },
  { id: 'p5', agencyId: 'commune-1', slug: 'mail' },
]

const allocations: MergeAllocationLine[] = [
  { projectId: 'p1', resource: 'cpu', amount: 4000n },
  { projectId: 'p1', resource: 'memory', amount: 8n * 2n ** 30n },
  { projectId: 'p2', resource: 'cpu', amount: 2000n },
  { projectId: 'p3', resource: 'cpu', amount: 16000n },
  { projectId: 'p5', resource: 'cpu', amount: 1000n },
]

describe('planMerge', () => {
  it('moves projects, children and allocations, renaming clashing slugs', () => {
    const result = planMerge({ agencies, projects, allocations, fromId: 'district', intoId: 'dept' })
    expect(result.ok).toBe(true)
    if (!result.ok) return
    const plan = result.value
    expect(plan.projects).toEqual([
      { projectId: 'p1', slug: 'portal', newSlug: 'portal-3' }, // portal and portal-2 are taken
      { projectId: 'p2', slug: 'archive', newSlug: 'archive' },
    ])
    expect(plan.childAgencyIds).toEqual(['commune-1', 'commune-2'])
    expect(plan.allocations.map((line) => line.projectId)).toEqual(['p1', 'p1', 'p2'])
    expect(plan.totals).toEqual(
      new Map([
        ['cpu', 6000n],
        ['memory', 8n * 2n ** 30n],
      ]),
    )
  })

  it('lets a unit merge into its own parent', () => {
    const result = planMerge({ agencies, projects, fromId: 'commune-1', intoId: 'district' })
    expect(result.ok).toBe(true)
    if (result.ok) {
      expect(result.value.projects).toEqual([{ projectId: 'p5', slug: 'mail', newSlug: 'mail' }])
      expect(result.value.allocations).toEqual([])
      expect(result.value.totals.size).toBe(0)
    }
  })

  it('handles an agency with nothing to move', () => {
    const result = planMerge({ agencies, projects, fromId: 'commune-2', intoId: 'commune-1' })
    expect(result.ok && result.value.projects).toEqual([])
  })

  it.each([
    ['district', 'district', 'agency.merge_into_self'],
    ['gone', 'dept', 'agency.merge_from_merged'],
    ['district', 'gone', 'agency.merge_into_merged'],
    ['district', 'shut', 'agency.merge_into_archived'],
    ['shut', 'dept', 'agency.not_active'],
    ['district', 'commune-1', 'agency.merge_into_descendant'],
    ['province', 'commune-2', 'agency.merge_into_descendant'],
    ['ghost', 'dept', 'agency.not_found'],
    ['district', 'ghost', 'agency.not_found'],
  ])('refuses merging %s into %s: %s', (fromId, intoId, code) => {
    const result = planMerge({ agencies, projects, allocations, fromId, intoId })
    expect(!result.ok && result.error.code).toBe(code)
  })

  it('names both agencies when refusing a merge into a descendant', () => {
    const result = planMerge({ agencies, projects, fromId: 'district', intoId: 'commune-1' })
    expect(!result.ok && result.error.params).toEqual({ from: 'code-district', into: 'code-commune-1' })
  })
})

describe('checkMergeDate', () => {
  const today = '2026-12-07'

  it('applies today and earlier days of an open month at once, later days when due', () => {
    expect(checkMergeDate({ effectiveDate: today, today, lastClosedMonth: '2026-11-01' })).toEqual({
      ok: true,
      value: { effectiveDate: today, due: true },
    })
    expect(checkMergeDate({ effectiveDate: '2026-12-01', today, lastClosedMonth: '2026-11-01' })).toMatchObject({
      ok: true,
      value: { due: true },
    })
    expect(checkMergeDate({ effectiveDate: ' 2027-01-01 ', today, lastClosedMonth: '2026-11-01' })).toEqual({
      ok: true,
      value: { effectiveDate: '2027-01-01', due: false },
    })
  })

  it('refuses a day in a closed month, naming the first day that may be chosen', () => {
    const result = checkMergeDate({ effectiveDate: '2026-11-30', today, lastClosedMonth: '2026-11-01' })
    expect(!result.ok && result.error).toEqual({
      code: 'agency.merge_date_closed',
      // Local midnights (UTC+7) of 30/11 and 01/12.
      params: { date: '2026-11-29T17:00:00.000Z', earliest: '2026-11-30T17:00:00.000Z' },
    })
  })

  it('takes last month as the earliest when nothing was closed, and never before it', () => {
    expect(earliestMergeDate(today, null)).toBe('2026-11-01')
    expect(earliestMergeDate(today, '2025-06-01')).toBe('2026-11-01')
    expect(earliestMergeDate('2027-01-15', '2026-12-01')).toBe('2027-01-01')
    expect(checkMergeDate({ effectiveDate: '2026-10-31', today, lastClosedMonth: null }).ok).toBe(false)
  })

  it.each([['2026-02-30'], ['07/12/2026'], [''], ['2027-12-09']])('refuses %j', (effectiveDate) => {
    const result = checkMergeDate({ effectiveDate, today, lastClosedMonth: null })
    expect(result.ok).toBe(false)
  })

  it('allows a year ahead and says the latest day when further', () => {
    expect(checkMergeDate({ effectiveDate: '2027-12-08', today, lastClosedMonth: null }).ok).toBe(true)
    const result = checkMergeDate({ effectiveDate: '2027-12-09', today, lastClosedMonth: null })
    expect(!result.ok && result.error).toEqual({
      code: 'agency.merge_date_too_far',
      params: { days: 366, latest: '2027-12-07T17:00:00.000Z' },
    })
  })
})
