import { describe, expect, it } from 'vitest'
import { renderEmail, renderNotice } from './render'
import { waiverRecipients } from './waiver-plan'

const notice = {
  kind: 'waiver_revoked' as const,
  requestNumber: null,
  link: '/waivers/12',
  params: {
    waiverNumber: 12,
    checkId: 'GC-WL-02',
    subject: 'Deployment ns-land/web',
    endsAt: '2027-01-31T16:59:59.000Z',
    reason: 'Phát hiện khai thác thực tế',
    projectName: 'Cơ sở dữ liệu đất đai',
    agencyNameVi: 'Sở Tài nguyên và Môi trường',
    agencyNameEn: 'Department of Natural Resources and Environment',
  },
}

describe("a waiver's notice in words", () => {
  it('names the waiver, the check by its title, the object and the reason, in Vietnamese or English', () => {
    const vi = renderNotice(notice, 'vi')
    expect(vi.title).toBe('Miễn trừ số 12 đã bị thu hồi')
    expect(vi.lines[0]).toBe(
      'Cơ quan: Sở Tài nguyên và Môi trường. Hệ thống: Cơ sở dữ liệu đất đai. Kiểm tra: GC-WL-02 (Image lấy từ kho ngoài danh sách được phép của cấp độ).',
    )
    expect(vi.lines.slice(1)).toEqual([
      'Đối tượng: Deployment ns-land/web.',
      'Lý do: Phát hiện khai thác thực tế',
      'Các phát hiện của kiểm tra này được tính là đang mở trở lại và cần được khắc phục.',
    ])
    expect(renderNotice(notice, 'en').lines[0]).toContain('Department of Natural Resources and Environment')
    const email = renderEmail(notice, {
      locale: 'vi',
      recipientName: 'Hoàng Thị Lan',
      publicUrl: 'https://console.test/',
    })
    expect(email.text).toContain('https://console.test/waivers/12')
    expect(email.html).toContain('Xem miễn trừ')
  })

  it('dates an approval and a warning by the expiry, and a whole-check waiver says so', () => {
    const warning = { ...notice, kind: 'waiver_expiring' as const, params: { ...notice.params, subject: null } }
    expect(renderNotice(warning, 'vi').title).toBe('Miễn trừ số 12 sẽ hết hạn ngày 31/01/2027')
    expect(renderNotice(warning, 'vi').lines[1]).toBe('Đối tượng: toàn bộ kiểm tra trên hệ thống.')
  })

  it('tells each person once and never the one who acted', () => {
    const people = { requesterId: 'lan', securityOfficers: ['huong', 'tai'], agencyStaff: ['lan', 'binh', 'tai'] }
    expect(waiverRecipients(['requester', 'agency'], people, 'huong')).toEqual(['lan', 'binh', 'tai'])
    expect(waiverRecipients(['security_officers'], people, 'tai')).toEqual(['huong'])
  })
})
