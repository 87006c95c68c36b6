// Messages for the agencies' yearly budgets' DomainErrorCodes (decision 0050), Vietnamese first,
// then English; spread into the domain's catalogue (domain.ts).
import type { DomainErrorCode } from '../../domain/errors'

type BudgetCode = Extract<DomainErrorCode, `budget.${string}`>

const vi = {
  'budget.year_past': 'Không đặt ngân sách cho năm đã qua ({year}).',
  'budget.year_too_far': 'Chỉ đặt được ngân sách đến năm {last}; {year} còn quá xa.',
  'budget.amount_zero': 'Ngân sách phải lớn hơn 0 đồng.',
  'budget.amount_absurd': 'Số tiền quá lớn: tối đa {max} đồng. Vui lòng kiểm tra lại các chữ số.',
  'budget.agency_merged':
    'Cơ quan “{code}” đã sáp nhập vào “{into}”: dự toán của cơ quan này kết thúc ở ngày sáp nhập, không lập phiên bản mới. Hãy điều chỉnh dự toán của “{into}”.',
  'budget.agency_archived':
    'Cơ quan “{code}” đã ngừng hoạt động (lưu trữ): không lập phiên bản dự toán mới; các phiên bản cũ vẫn được giữ.',
  'budget.stale': 'Ngân sách đã được người khác thay đổi sau khi bạn mở trang. Vui lòng xem phiên bản mới rồi lưu lại.',
} as const satisfies Record<BudgetCode, string>

const en = {
  'budget.year_past': 'A budget cannot be set for a past year ({year}).',
  'budget.year_too_far': 'Budgets can be set up to {last}; {year} is too far ahead.',
  'budget.amount_zero': 'A budget must be more than 0 đồng.',
  'budget.amount_absurd': 'The amount is too large: at most {max} đồng. Please check the digits.',
  'budget.agency_merged':
    'The agency “{code}” was merged into “{into}”: its budget ends at the merger and takes no new version. Adjust the budget of “{into}” instead.',
  'budget.agency_archived':
    'The agency “{code}” is archived: its budget takes no new version; the versions it had are kept.',
  'budget.stale': 'Someone changed the budget after you opened the page. Please review the new version and save again.',
} as const satisfies Record<BudgetCode, string>

export const budgetMessages = { vi, en }
