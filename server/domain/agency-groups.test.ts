import { describe, expect, it } from 'vitest'
import { groupAttributesOf, planAgencyGroups, type AgencyForGroup, type AgencyGroup } from './agency-groups'

// What the realm's groups must say about the console's agencies (decision 0052).

const dongDang: AgencyForGroup = {
  code: 'ubnd-xa-dong-dang',
  nameVi: 'Ủy ban nhân dân xã Đồng Đăng',
  nameEn: "People's Committee of Đồng Đăng Commune",
  kind: 'people-committee',
  parentCode: 'ubnd-tinh',
  status: 'active',
}
const tinh: AgencyForGroup = {
  code: 'ubnd-tinh',
  nameVi: 'UBND tỉnh Lạng Sơn',
  nameEn: '',
  kind: 'people-committee',
  parentCode: null,
  status: 'active',
}

const group = (name: string, attributes: AgencyGroup['attributes'], id = `id-${name}`): AgencyGroup => ({
  id,
  name,
  attributes,
})

describe('groupAttributesOf', () => {
  it('writes names with their diacritics, kind, parent and status; leaves out what is empty', () => {
    expect(groupAttributesOf(dongDang)).toEqual({
      'name-vi': ['Ủy ban nhân dân xã Đồng Đăng'],
      'name-en': ["People's Committee of Đồng Đăng Commune"],
      kind: ['people-committee'],
      parent: ['ubnd-tinh'],
      status: ['active'],
    })
    expect(groupAttributesOf(tinh)).toEqual({
      'name-vi': ['UBND tỉnh Lạng Sơn'],
      kind: ['people-committee'],
      status: ['active'],
    })
  })
})

describe('planAgencyGroups', () => {
  it('makes the groups that are missing and leaves alone those that agree', () => {
    const plan = planAgencyGroups([dongDang, tinh], [group('ubnd-tinh', groupAttributesOf(tinh))])
    expect(plan.create).toEqual([{ code: 'ubnd-xa-dong-dang', attributes: groupAttributesOf(dongDang) }])
    expect(plan.update).toEqual([])
    expect(plan.orphans).toEqual([])
  })

  it('rewrites a renamed, moved or archived agency’s attributes and keeps the realm’s own', () => {
    const stale = { ...groupAttributesOf(dongDang), 'name-vi': ['UBND xã Đồng Đăng'], province: ['Lạng Sơn'] }
    const archived = { ...dongDang, status: 'archived' as const, parentCode: null }
    const plan = planAgencyGroups([archived], [group('ubnd-xa-dong-dang', stale)])
    expect(plan.create).toEqual([])
    expect(plan.update).toEqual([
      {
        groupId: 'id-ubnd-xa-dong-dang',
        code: 'ubnd-xa-dong-dang',
        before: stale,
        attributes: {
          province: ['Lạng Sơn'],
          'name-vi': ['Ủy ban nhân dân xã Đồng Đăng'],
          'name-en': ["People's Committee of Đồng Đăng Commune"],
          kind: ['people-committee'],
          status: ['archived'],
        },
      },
    ])
  })

  it('treats a name Keycloak holds decomposed (NFD) as the same name', () => {
    const nfd = { ...groupAttributesOf(dongDang), 'name-vi': [dongDang.nameVi.normalize('NFD')] }
    expect(planAgencyGroups([dongDang], [group('ubnd-xa-dong-dang', nfd)]).update).toEqual([])
  })

  it('reports groups no agency has, never deleting or adopting them', () => {
    const stray = group('so-moi', { 'name-vi': ['Sở Mới'] })
    const plan = planAgencyGroups([tinh], [group('ubnd-tinh', groupAttributesOf(tinh)), stray])
    expect(plan.orphans).toEqual([{ groupId: 'id-so-moi', name: 'so-moi', nameVi: 'Sở Mới' }])
    expect(plan.create).toEqual([])
    expect(plan.update).toEqual([])
  })
})
