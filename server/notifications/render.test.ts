import { describe, expect, it } from 'vitest'
import { renderEmail, renderNotice } from './render'

const params = {
  requestKind: 'new',
  reason: 'Thiếu phương án sao lưu <dữ liệu>',
  projectName: 'Hệ thống một cửa điện tử',
  agencyNameVi: 'UBND xã Đồng Đăng',
  agencyNameEn: "Dong Dang Commune People's Committee",
}

describe('notifications in words', () => {
  it('says it in Vietnamese with diacritics, or in English', () => {
    const notice = { kind: 'request_returned' as const, requestNumber: 42, link: '/requests/42', params }
    expect(renderNotice(notice, 'vi')).toEqual({
      title: 'Yêu cầu số 42 được trả lại để bổ sung',
      lines: [
        'Cơ quan: UBND xã Đồng Đăng. Hệ thống: Hệ thống một cửa điện tử. Loại yêu cầu: Cấp mới.',
        'Lý do: Thiếu phương án sao lưu <dữ liệu>',
      ],
    })
    expect(renderNotice(notice, 'en').title).toBe('Request no. 42 was returned for changes')
    expect(renderNotice(notice, 'en').lines[0]).toContain("Dong Dang Commune People's Committee")
  })

  it("dates the expiry warning in the reader's format and Vietnam's time", () => {
    const notice = {
      kind: 'request_expiring' as const,
      requestNumber: 7,
      link: '/requests/7',
      params: { ...params, endsAt: '2026-12-08T17:00:00.000Z' },
    }
    expect(renderNotice(notice, 'vi').title).toBe('Hạn mức theo yêu cầu số 7 sẽ hết hạn ngày 09/12/2026')
    expect(renderNotice(notice, 'en').title).toBe('The quota of request no. 7 ends on 09 Dec 2026')
  })

  it('survives params it does not know or that are missing', () => {
    expect(
      renderNotice(
        { kind: 'request_approved', requestNumber: 1, link: '/requests/1', params: { requestKind: 42 } },
        'vi',
      ).title,
    ).toBe('Yêu cầu số 1 đã được phê duyệt')
  })

  it('writes e-mails with absolute links and escaped HTML', () => {
    const email = renderEmail(
      { kind: 'request_rejected', requestNumber: 5, link: '/requests/5', params },
      { locale: 'vi', recipientName: 'Lương Thị Hạnh', publicUrl: 'https://console.langson.gov.vn/' },
    )
    expect(email.subject).toBe('Yêu cầu số 5 bị từ chối')
    expect(email.text).toContain('Kính gửi Lương Thị Hạnh,')
    expect(email.text).toContain('Xem chi tiết: https://console.langson.gov.vn/requests/5')
    expect(email.html).toContain('Lý do: Thiếu phương án sao lưu &lt;dữ liệu&gt;')
    expect(email.html).not.toContain('<dữ liệu>')
  })
})
