import { describe, expect, it } from 'vitest'
import { makeTranslate } from '#app/utils/i18n'
import { catalogue } from '#app/utils/i18n.server'
import { trailOf } from './trail'

const t = makeTranslate(catalogue.vi)
const home = { to: '/', label: t('nav.dashboard') }
const to = (path: string) => trailOf(path, t, 'X').map((crumb) => crumb.to)

describe('trailOf: the pages above a page, from its address', () => {
  it('gives a page the header leads to none', () => {
    for (const path of ['/', '/projects', '/queue', '/security', '/admin/agencies', '/notifications', '/no-access']) {
      expect(trailOf(path, t), path).toEqual([])
    }
  })

  it('leads from an object back to its list by the list page’s own title, the dashboard first', () => {
    expect(trailOf('/projects/so-khcn-de-tai', t)).toEqual([home, { to: '/projects', label: t('projects.title') }])
    expect(trailOf('/admin/agencies/so-khcn', t)).toEqual([
      home,
      { to: '/admin/agencies', label: t('agencyAdmin.title') },
    ])
    expect(to('/security/systems/so-khcn-de-tai')).toEqual(['/', '/security', '/security/systems'])
  })

  it('puts the sections whose address does not say so where they belong', () => {
    expect(trailOf('/pools', t)).toEqual([home])
    expect(to('/waivers')).toEqual(['/', '/security'])
    expect(to('/audit')).toEqual(['/', '/security'])
    expect(to('/waivers/7')).toEqual(['/', '/security', '/waivers'])
  })

  it('names the object a page is below by the name the page gives, with diacritics', () => {
    expect(trailOf('/projects/so-khcn-de-tai/requests/new', t, 'Hệ thống quản lý đề tài khoa học')).toEqual([
      home,
      { to: '/projects', label: t('projects.title') },
      { to: '/projects/so-khcn-de-tai', label: 'Hệ thống quản lý đề tài khoa học' },
    ])
    expect(to('/statements/so-khcn/2026-12/print')).toEqual(['/', '/statements', '/statements/so-khcn/2026-12'])
    expect(trailOf('/requests/12/decide', t, 'Yêu cầu số 12').at(-1)).toEqual({
      to: '/requests/12',
      label: 'Yêu cầu số 12',
    })
  })

  it('leaves out an object the page does not name, and addresses that are no page', () => {
    expect(trailOf('/pools/compute-main/edit', t).map((crumb) => crumb.to)).toEqual(['/', '/pools'])
    // `/statements/so-khcn` and `/projects/x/requests` are not pages: never a link to them.
    expect(trailOf('/statements/so-khcn/2026-12', t).map((crumb) => crumb.to)).toEqual(['/', '/statements'])
    expect(to('/projects/x/requests/new')).toEqual(['/', '/projects', '/projects/x'])
  })
})
