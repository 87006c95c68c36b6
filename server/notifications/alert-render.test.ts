import { describe, expect, it } from 'vitest'
import { renderEmail, renderNotice } from './render'

const usage = (level: number, permille: number | null) => ({
  kind: 'usage_threshold' as const,
  requestNumber: null,
  link: '/projects/ns-mot-cua',
  params: {
    projectName: 'Một cửa điện tử',
    agencyNameVi: 'Sở Y tế',
    agencyNameEn: 'Department of Health',
    resource: 'memory',
    level,
    permille,
  },
})

describe('threshold notices in words', () => {
  it('names the project, the resource and the share, in each language', () => {
    expect(renderNotice(usage(90, 912), 'vi')).toEqual({
      title: 'Một cửa điện tử: Bộ nhớ (RAM) đã dùng 91,2% hạn mức được cấp',
      lines: [
        'Cơ quan: Sở Y tế. Dự án: Một cửa điện tử. Mức cảnh báo: 90%.',
        'Hãy giảm mức sử dụng hoặc gửi yêu cầu tăng hạn mức trước khi hết. Cảnh báo này chỉ gửi lại khi mức dùng giảm dưới 85% rồi vượt lại.',
      ],
    })
    expect(renderNotice(usage(90, 912), 'en').title).toBe('Một cửa điện tử: Memory (RAM) has used 91.2% of its grant')
  })

  it('says a storage over its grant is over it, and why the storage server has not refused it yet', () => {
    const over = renderNotice(
      { ...usage(100, 1003), params: { ...usage(100, 1003).params, resource: 'objectStorage' } },
      'vi',
    )
    expect(over.title).toBe('Một cửa điện tử: Lưu trữ đối tượng vượt hạn mức được cấp (100,3%)')
    expect(over.lines[1]).toContain('chỉ áp hạn mức sau một khoảng trễ')
  })

  it('a budget notice gives the budget, the spending and the forecast in đồng', () => {
    const notice = {
      kind: 'budget_threshold' as const,
      requestNumber: null,
      link: '/agencies/so-y-te',
      params: {
        agencyNameVi: 'Sở Y tế',
        agencyNameEn: 'Department of Health',
        year: 2026,
        measure: 'forecast',
        level: 100,
        permille: 1371,
        budget: '560000',
        spent: '480000',
        forecast: '7680000',
      },
    }
    const vi = renderNotice(notice, 'vi')
    expect(vi.title).toBe('Sở Y tế: chi phí dự báo cả năm 2026 đạt 137,1% ngân sách')
    expect(vi.lines[0]).toMatch(
      /^Ngân sách năm 2026: 560\.000\s₫\. Đã chi: 480\.000\s₫\. Dự báo cả năm: 7\.680\.000\s₫\.$/,
    )
    const email = renderEmail(notice, { locale: 'en', recipientName: 'Hoa', publicUrl: 'https://console.example' })
    expect(email.subject).toBe('Department of Health: the forecast for 2026 reaches 137.1% of the budget')
    expect(email.html).toContain('href="https://console.example/agencies/so-y-te"')
    expect(email.html).toContain('Open the details')
  })
})
