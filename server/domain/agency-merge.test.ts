import { describe, expect, it } from 'vitest'
import type { Agency } from './agency'
import { planMerge, type MergeAllocationLine, type MergeProject } from './agency-merge'

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
