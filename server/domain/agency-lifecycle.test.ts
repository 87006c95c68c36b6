import { describe, expect, it } from 'vitest'
import {
  checkArchive,
  checkMayRequest,
  checkParent,
  checkReparent,
  validateAgencyInput,
  validateAgencyNames,
  type Agency,
} from './agency'

// Rename, re-parent, archive and the refusal to request (issue 15, decision 0052).

function agency(id: string, parentId: string | null, extra: Partial<Agency> = {}): Agency {
  return { id, code: id, nameVi: id, nameEn: '', parentId, status: 'active', mergedIntoId: null, ...extra }
}

// tinh ─┬─ so-yte ── bv
//       ├─ xa-dong-dang ── thon-a
//       ├─ cu (archived)
//       └─ gop (merged into so-yte)
const tree: Agency[] = [
  agency('tinh', null),
  agency('so-yte', 'tinh'),
  agency('bv', 'so-yte'),
  agency('xa-dong-dang', 'tinh'),
  agency('thon-a', 'xa-dong-dang'),
  agency('cu', 'tinh', { status: 'archived' }),
  agency('gop', 'tinh', { status: 'merged', mergedIntoId: 'so-yte' }),
]

const codeOf = (result: { ok: boolean; error?: { code: string } }) => (result.ok ? 'ok' : result.error?.code)

describe('names', () => {
  it('keeps Vietnamese diacritics, in NFC, whatever form they were typed in', () => {
    const typed = '  Ủy ban nhân dân   xã Đồng Đăng '.normalize('NFD')
    expect(validateAgencyNames({ nameVi: typed, nameEn: "Đồng Đăng Commune People's Committee" })).toEqual({
      ok: true,
      value: { nameVi: 'Ủy ban nhân dân xã Đồng Đăng', nameEn: "Đồng Đăng Commune People's Committee" },
    })
  })

  it('reports an empty Vietnamese name, a too long English one and hidden characters at their fields', () => {
    const result = validateAgencyNames({ nameVi: ' ', nameEn: 'x'.repeat(201) })
    expect(!result.ok && result.issues.map((i) => [i.path, i.error.code])).toEqual([
      ['nameVi', 'name.required'],
      ['nameEn', 'name.too_long'],
    ])
    const hidden = validateAgencyNames({ nameVi: 'UBND xã\u202E Đồng Đăng' })
    expect(!hidden.ok && hidden.issues[0]?.error.code).toBe('name.invalid_characters')
  })

  it('accepts every kind in the list and refuses others', () => {
    const input = { code: 'xa-moi', nameVi: 'Ủy ban nhân dân xã Đồng Đăng', parentId: 'tinh' }
    expect(validateAgencyInput({ ...input, kind: 'other' }, { agencies: tree, selfId: null }).ok).toBe(true)
    const district = validateAgencyInput({ ...input, kind: 'district' }, { agencies: tree, selfId: null })
    expect(!district.ok && district.issues.map((i) => i.path)).toEqual(['kind'])
  })
})

describe('checkReparent', () => {
  it('moves an agency under another branch or to the top', () => {
    expect(checkReparent(tree, 'thon-a', 'so-yte')).toEqual({ ok: true, value: 'so-yte' })
    expect(checkReparent(tree, 'so-yte', null)).toEqual({ ok: true, value: null })
  })

  it('refuses a cycle at any depth, and the agency itself', () => {
    expect(checkReparent(tree, 'tinh', 'bv')).toEqual({
      ok: false,
      error: { code: 'agency.parent_cycle', params: { code: 'bv' } },
    })
    expect(codeOf(checkReparent(tree, 'tinh', 'so-yte'))).toBe('agency.parent_cycle')
    expect(codeOf(checkReparent(tree, 'xa-dong-dang', 'xa-dong-dang'))).toBe('agency.parent_is_self')
  })

  it('refuses a parent that is archived, merged or unknown', () => {
    expect(codeOf(checkReparent(tree, 'bv', 'cu'))).toBe('agency.parent_archived')
    expect(codeOf(checkReparent(tree, 'bv', 'gop'))).toBe('agency.parent_merged')
    expect(codeOf(checkReparent(tree, 'bv', 'nowhere'))).toBe('agency.not_found')
    expect(codeOf(checkParent(tree, null, 'cu'))).toBe('agency.parent_archived')
  })

  it('moves only active agencies: archived and merged ones are history', () => {
    expect(codeOf(checkReparent(tree, 'cu', 'so-yte'))).toBe('agency.not_active')
    expect(codeOf(checkReparent(tree, 'gop', null))).toBe('agency.not_active')
    expect(codeOf(checkReparent(tree, 'ghost', null))).toBe('agency.not_found')
  })

  it('never loops on a cycle that is already in the data', () => {
    const broken = [agency('a', 'b'), agency('b', 'a'), agency('c', null)]
    expect(codeOf(checkReparent(broken, 'c', 'a'))).toBe('ok')
    expect(codeOf(checkReparent(broken, 'a', 'b'))).toBe('agency.parent_cycle')
  })
})

describe('checkArchive', () => {
  it('archives a leaf, and a parent whose children are all archived or merged', () => {
    expect(codeOf(checkArchive(tree, 'thon-a'))).toBe('ok')
    const emptied = tree.map((a) => (a.id === 'thon-a' ? { ...a, status: 'archived' as const } : a))
    expect(codeOf(checkArchive(emptied, 'xa-dong-dang'))).toBe('ok')
  })

  it('refuses while active agencies sit directly below, saying how many', () => {
    expect(checkArchive(tree, 'tinh')).toEqual({
      ok: false,
      error: { code: 'agency.archive_has_children', params: { code: 'tinh', count: 2 } },
    })
  })

  it('refuses what is already archived or merged', () => {
    expect(codeOf(checkArchive(tree, 'cu'))).toBe('agency.not_active')
    expect(codeOf(checkArchive(tree, 'gop'))).toBe('agency.not_active')
  })
})

describe('checkMayRequest', () => {
  it('lets active agencies request and refuses archived and merged ones by name', () => {
    expect(checkMayRequest(tree[0]!)).toEqual({ ok: true, value: true })
    expect(checkMayRequest(tree[5]!)).toEqual({ ok: false, error: { code: 'agency.archived', params: { code: 'cu' } } })
    expect(checkMayRequest(tree[6]!)).toEqual({ ok: false, error: { code: 'agency.merged', params: { code: 'gop' } } })
  })
})
