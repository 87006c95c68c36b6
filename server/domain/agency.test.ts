import { describe, expect, it } from 'vitest'
import {
  ancestorIds,
  checkAgencyStatus,
  checkParent,
  descendantIds,
  validateAgencyCode,
  validateAgencyInput,
  type Agency,
} from './agency'

function agency(id: string, parentId: string | null, extra: Partial<Agency> = {}): Agency {
  return { id, code: id, nameVi: id, nameEn: '', parentId, status: 'active', mergedIntoId: null, ...extra }
}

// province ─┬─ sokhcn
//           ├─ soyte ── bvdk
//           └─ tp ── phuong-a ── to-dan-pho
const tree: Agency[] = [
  agency('province', null),
  agency('sokhcn', 'province'),
  agency('soyte', 'province'),
  agency('bvdk', 'soyte'),
  agency('tp', 'province'),
  agency('phuong-a', 'tp'),
  agency('to-dan-pho', 'phuong-a'),
  agency('old', 'province', { status: 'merged', mergedIntoId: 'tp' }),
]

describe('validateAgencyCode', () => {
  it('accepts lowercase ASCII slugs and lowers typed capitals', () => {
    expect(validateAgencyCode('so-khcn')).toEqual({ ok: true, value: 'so-khcn' })
    expect(validateAgencyCode(' SO-YTE ')).toEqual({ ok: true, value: 'so-yte' })
    expect(validateAgencyCode('ab')).toEqual({ ok: true, value: 'ab' })
    expect(validateAgencyCode('a'.repeat(40)).ok).toBe(true)
  })

  it.each([
    ['a', 'agency.code_length'],
    ['a'.repeat(41), 'agency.code_length'],
    ['sở-y-tế', 'agency.code_invalid'],
    ['so_yte', 'agency.code_invalid'],
    ['so--yte', 'agency.code_invalid'],
    ['-soyte', 'agency.code_invalid'],
    ['so yte', 'agency.code_invalid'],
  ])('%s is refused with %s', (code, expected) => {
    const result = validateAgencyCode(code)
    expect(!result.ok && result.error.code).toBe(expected)
  })
})

describe('hierarchy', () => {
  it('walks ancestors and descendants', () => {
    expect(ancestorIds(tree, 'to-dan-pho')).toEqual(['phuong-a', 'tp', 'province'])
    expect(ancestorIds(tree, 'province')).toEqual([])
    expect([...descendantIds(tree, 'tp')].sort()).toEqual(['phuong-a', 'to-dan-pho'])
    expect(descendantIds(tree, 'bvdk').size).toBe(0)
  })

  it('stops on cycles already in the data', () => {
    const broken = [agency('x', 'y'), agency('y', 'x')]
    expect(ancestorIds(broken, 'x')).toEqual(['y'])
    expect([...descendantIds(broken, 'x')]).toEqual(['y'])
  })

  it('refuses a parent that is itself, below it, merged or missing', () => {
    expect(checkParent(tree, 'tp', 'province')).toEqual({ ok: true, value: 'province' })
    expect(checkParent(tree, null, 'tp')).toEqual({ ok: true, value: 'tp' })
    expect(checkParent(tree, 'tp', 'tp')).toEqual({ ok: false, error: { code: 'agency.parent_is_self', params: {} } })
    expect(checkParent(tree, 'tp', 'to-dan-pho')).toEqual({
      ok: false,
      error: { code: 'agency.parent_cycle', params: { code: 'to-dan-pho' } },
    })
    expect(checkParent(tree, 'soyte', 'old')).toEqual({
      ok: false,
      error: { code: 'agency.parent_merged', params: { code: 'old' } },
    })
    expect(checkParent(tree, 'soyte', 'ghost')).toEqual({
      ok: false,
      error: { code: 'agency.not_found', params: { id: 'ghost' } },
    })
  })

  it('checks that a merged agency names its successor', () => {
    expect(checkAgencyStatus(tree[7]!).ok).toBe(true)
    const result = checkAgencyStatus(agency('lost', null, { status: 'merged' }))
    expect(!result.ok && result.error.code).toBe('agency.merged_without_target')
  })
})

describe('validateAgencyInput', () => {
  it('normalises names to NFC and keeps diacritics', () => {
    const result = validateAgencyInput(
      {
        code: 'ubnd-xa-dong-dang',
        nameVi: '  UBND xã  Đồng Đăng '.normalize('NFD'),
        nameEn: null,
        kind: 'people-committee',
        parentId: 'province',
      },
      { agencies: tree, selfId: null },
    )
    expect(result).toEqual({
      ok: true,
      value: {
        code: 'ubnd-xa-dong-dang',
        nameVi: 'UBND xã Đồng Đăng',
        nameEn: '',
        kind: 'people-committee',
        parentId: 'province',
      },
    })
  })

  it('treats an empty parent as none', () => {
    const result = validateAgencyInput(
      { code: 'tinh', nameVi: 'Tỉnh', kind: 'people-committee', parentId: '' },
      { agencies: tree, selfId: null },
    )
    expect(result.ok && result.value.parentId).toBeNull()
  })

  it('reports every problem at its field', () => {
    const result = validateAgencyInput(
      { code: 'X', nameVi: ' ', nameEn: 'a'.repeat(201), kind: 'district', parentId: 'tp' },
      { agencies: tree, selfId: 'tp' },
    )
    expect(result.ok).toBe(false)
    if (!result.ok) {
      expect(result.issues.map((found) => [found.path, found.error.code])).toEqual([
        ['code', 'agency.code_length'],
        ['nameVi', 'name.required'],
        ['nameEn', 'name.too_long'],
        ['kind', 'agency.kind_unknown'],
        ['parentId', 'agency.parent_is_self'],
      ])
    }
  })
})
