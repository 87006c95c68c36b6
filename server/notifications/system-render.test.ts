import { describe, expect, it } from 'vitest'
import { renderNotice } from './render'
import { systemNoticeLink, systemRecipients } from './system-plan'

// The re-review's notices (decision 0084): who is told, where the notice leads, and its words.

const params = (overrides: Record<string, unknown>) => ({
  projectName: 'Hệ thống bệnh án điện tử',
  namespace: 'so-yt-he-thong-benh-an-dien-tu',
  agencyNameVi: 'Sở Y tế',
  agencyNameEn: 'Department of Health',
  level: 3,
  proposedLevel: 4,
  reason: null,
  ...overrides,
})
const notice = (
  kind: 'system_level_change_proposed' | 'system_reopened' | 'system_level_changed' | 'system_level_change_refused',
  overrides = {},
) => ({
  kind,
  requestNumber: null,
  link: systemNoticeLink(kind, 'so-yt-he-thong-benh-an-dien-tu'),
  params: params(overrides),
})

describe("a re-review's notices", () => {
  const people = { officers: ['o1', 'o2'], staff: ['s1', 's2'], proponents: ['s2', 'p1'] }

  it('asks the officers to decide a proposed change, and tells the agency of a reopening and a decision', () => {
    expect(systemRecipients('system_level_change_proposed', people, 's1')).toEqual(['o1', 'o2'])
    for (const kind of ['system_reopened', 'system_level_changed', 'system_level_change_refused'] as const)
      expect(systemRecipients(kind, people, 'o1')).toEqual(['s2', 'p1', 's1'])
    expect(systemNoticeLink('system_level_change_proposed', 'ns')).toBe('/security/systems/ns')
    expect(systemNoticeLink('system_reopened', 'ns')).toBe('/systems/ns')
  })

  it('says the level in force stays until the decision, and which level holds after it', () => {
    const proposed = renderNotice(notice('system_level_change_proposed'), 'vi')
    expect(proposed.title).toBe('Hệ thống “Hệ thống bệnh án điện tử” đề nghị thay đổi cấp độ an toàn')
    expect(proposed.lines).toContain('Cấp độ đề xuất: 4.')
    expect(proposed.lines).toContain('Cấp độ đang có hiệu lực giữ nguyên cho đến khi có quyết định.')
    const changed = renderNotice(notice('system_level_changed', { level: 4 }), 'vi')
    expect(changed.lines).toContain('Cấp độ được xác nhận: 4.')
    const refused = renderNotice(notice('system_level_change_refused', { reason: 'Văn bản chưa hợp lệ' }), 'en')
    expect(refused.title).toBe('The change of level proposed for the system “Hệ thống bệnh án điện tử” was refused')
    expect(refused.lines).toContain('Level 3 stays in force.')
    const reopened = renderNotice(
      notice('system_reopened', { proposedLevel: null, reason: 'Đã kết nối dữ liệu dân cư' }),
      'vi',
    )
    expect(reopened.lines.at(-1)).toContain('Hãy gửi cấp độ đề xuất kèm văn bản phê duyệt')
    expect(reopened.lines.join(' ')).toContain('Đã kết nối dữ liệu dân cư')
  })
})
