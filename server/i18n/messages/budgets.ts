// Budgets and threshold alerts (issue 14, decision 0050): the notices of a level reached, and the
// budget's section of the agency's page and the alerts of the project's page. Vietnamese first;
// English has exactly the same keys (the type of `en` checks it).

const vi = {
  'notify.kind.usage_threshold': '{project}: {resource} đã dùng {percent} hạn mức được cấp',
  'notify.kind.usage_over_quota': '{project}: {resource} vượt hạn mức được cấp ({percent})',
  'notify.kind.budget_threshold': '{agency}: chi phí năm {year} đã đạt {percent} ngân sách',
  'notify.kind.budget_forecast': '{agency}: chi phí dự báo cả năm {year} đạt {percent} ngân sách',
  'alerts.notify.context': 'Cơ quan: {agency}. Dự án: {project}. Mức cảnh báo: {level}%.',
  'alerts.notify.usageHint':
    'Hãy giảm mức sử dụng hoặc gửi yêu cầu tăng hạn mức trước khi hết. Cảnh báo này chỉ gửi lại khi mức dùng giảm dưới {clear}% rồi vượt lại.',
  'alerts.notify.overQuotaHint':
    'Máy chủ lưu trữ chỉ áp hạn mức sau một khoảng trễ: dữ liệu vượt hạn mức có thể bị từ chối ghi bất cứ lúc nào. Hãy xoá bớt dữ liệu hoặc xin tăng hạn mức.',
  'alerts.notify.budgetContext': 'Ngân sách năm {year}: {budget}. Đã chi: {spent}. Dự báo cả năm: {forecast}.',
  'alerts.notify.budgetHint': 'Số liệu là chi phí tham khảo (showback) tính theo bảng giá hiện hành.',
  'alerts.notify.open': 'Xem chi tiết',
}

const en: Record<keyof typeof vi, string> = {
  'notify.kind.usage_threshold': '{project}: {resource} has used {percent} of its grant',
  'notify.kind.usage_over_quota': '{project}: {resource} is over its grant ({percent})',
  'notify.kind.budget_threshold': '{agency}: spending in {year} has reached {percent} of the budget',
  'notify.kind.budget_forecast': '{agency}: the forecast for {year} reaches {percent} of the budget',
  'alerts.notify.context': 'Agency: {agency}. Project: {project}. Warning level: {level}%.',
  'alerts.notify.usageHint':
    'Use less or request an increase before it runs out. You are warned again only after use falls below {clear}% and rises past the level again.',
  'alerts.notify.overQuotaHint':
    'The storage server enforces quotas late: writes beyond the grant may be refused at any moment. Delete data or request an increase.',
  'alerts.notify.budgetContext': 'Budget for {year}: {budget}. Spent: {spent}. Forecast for the year: {forecast}.',
  'alerts.notify.budgetHint': 'Figures are showback at the rate card in force.',
  'alerts.notify.open': 'Open the details',
}

export const budgetMessages = { vi, en } as const
export type BudgetMessageKey = keyof typeof vi
