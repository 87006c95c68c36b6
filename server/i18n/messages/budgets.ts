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
  'budget.title': 'Ngân sách năm {year}',
  'budget.intro':
    'Chi phí tham khảo (showback) của mọi dự án của cơ quan trên Kubernetes, lưu trữ đối tượng và sao lưu, so với ngân sách năm. Dự báo cả năm = đã chi + mức chi theo giờ của tháng này × số giờ còn lại đến hết năm.',
  'budget.none': 'Chưa đặt ngân sách cho năm {year}.',
  'budget.amount': 'Ngân sách',
  'budget.spent': 'Đã chi đến nay',
  'budget.forecast': 'Dự báo cả năm',
  'budget.runRate': 'Mức chi mỗi ngày của tháng này',
  'budget.share': '{percent} ngân sách',
  'budget.unknown': 'Chưa có số liệu',
  'budget.unpriced': 'Chưa tính được chi phí: có ngày đã đo chưa có bảng giá áp dụng.',
  'budget.level.0': 'Dưới mức cảnh báo',
  'budget.level.reached': 'Đã vượt mức {level}%',
  'budget.versions': 'Các phiên bản',
  'budget.versionLine': 'Phiên bản {version}: {amount}, do {who} đặt lúc {at}.',
  'budget.readOnly': 'Ngân sách do Trung tâm Công nghệ số đặt theo kế hoạch năm đã được phê duyệt.',
  'budget.form.title': 'Đặt ngân sách',
  'budget.form.year': 'Năm',
  'budget.form.yearSet': '{year} (đang là {amount})',
  'budget.form.amount': 'Số tiền (đồng)',
  'budget.form.note': 'Ghi chú (căn cứ, số văn bản)',
  'budget.form.submit': 'Lưu phiên bản mới',
  'budget.form.saved': 'Đã lưu ngân sách năm {year}.',
  'budget.form.failed': 'Chưa lưu: vui lòng sửa các ô được đánh dấu.',
  'alerts.title': 'Cảnh báo mức sử dụng',
  'alerts.intro':
    'Mức sử dụng so với hạn mức được cấp, theo giờ đo gần nhất. Cảnh báo ở 80, 90 và 95%; lưu trữ vượt hạn mức được đánh dấu ngay trong giờ đo, vì máy chủ lưu trữ chỉ chặn sau một khoảng trễ. Một mức chỉ được gỡ khi mức dùng giảm dưới mức đó 5 điểm.',
  'alerts.resource': 'Tài nguyên',
  'alerts.level': 'Mức cảnh báo',
  'alerts.share': 'Đã dùng khi đổi mức',
  'alerts.since': 'Từ giờ đo',
  'alerts.level.0': 'Bình thường',
  'alerts.level.reached': 'Từ {level}%',
  'alerts.level.over': 'Vượt hạn mức',
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
  'budget.title': 'Budget for {year}',
  'budget.intro':
    "The showback cost of all the agency's projects on Kubernetes, object storage and backups, against its yearly budget. The forecast for the year is what was spent plus this month's hourly rate times the hours left to the year's end.",
  'budget.none': 'No budget is set for {year}.',
  'budget.amount': 'Budget',
  'budget.spent': 'Spent so far',
  'budget.forecast': 'Forecast for the year',
  'budget.runRate': "This month's cost per day",
  'budget.share': '{percent} of the budget',
  'budget.unknown': 'No figures yet',
  'budget.unpriced': 'Cannot be priced yet: a metered day has no rate card in force.',
  'budget.level.0': 'Below the warning lines',
  'budget.level.reached': 'Past {level}%',
  'budget.versions': 'Versions',
  'budget.versionLine': 'Version {version}: {amount}, set by {who} at {at}.',
  'budget.readOnly': "Budgets are set by the Digital Technology Centre from the agency's approved yearly plan.",
  'budget.form.title': 'Set the budget',
  'budget.form.year': 'Year',
  'budget.form.yearSet': '{year} (now {amount})',
  'budget.form.amount': 'Amount (đồng)',
  'budget.form.note': 'Note (basis, document number)',
  'budget.form.submit': 'Save a new version',
  'budget.form.saved': 'Saved the budget for {year}.',
  'budget.form.failed': 'Not saved: correct the fields marked below.',
  'alerts.title': 'Usage warnings',
  'alerts.intro':
    'Use against the grant at the latest metered hour. Warnings at 80, 90 and 95%; storage over its grant is flagged within the metered hour, since the storage server enforces quotas late. A level is cleared only when use falls 5 points below it.',
  'alerts.resource': 'Resource',
  'alerts.level': 'Warning level',
  'alerts.share': 'Used when the level changed',
  'alerts.since': 'Since the hour',
  'alerts.level.0': 'Normal',
  'alerts.level.reached': 'From {level}%',
  'alerts.level.over': 'Over its grant',
}

export const budgetMessages = { vi, en } as const
export type BudgetMessageKey = keyof typeof vi
