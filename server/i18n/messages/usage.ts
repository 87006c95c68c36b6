// A project's use over time and the charts that show it (issue 14, decision 0051). Vietnamese
// first; English has exactly the same keys (the type of `en` checks it).

const vi = {
  'usage.title': 'Mức sử dụng của {project}',
  'usage.intro':
    'Lượng được cấp, lượng yêu cầu và lượng thực dùng của từng tài nguyên theo thời gian, tính trung bình trên những giờ đo được. Khoảng trống trên biểu đồ là giờ chưa đo được, không phải bằng không.',
  'usage.link': 'Xem mức sử dụng theo thời gian',
  'usage.resolution': 'Khoảng thời gian',
  'usage.resolution.hour': '48 giờ qua (theo giờ)',
  'usage.resolution.day': '31 ngày qua (theo ngày)',
  'usage.resolution.month': '12 tháng qua (theo tháng)',
  'usage.series.used': 'Thực dùng (trung bình)',
  'usage.series.requested': 'Yêu cầu',
  'usage.series.granted': 'Được cấp',
  'usage.chart.title': '{resource}: được cấp, yêu cầu và thực dùng',
  'usage.chart.description':
    '{resource} từ {from} đến {to}: được cấp cao nhất {granted}, thực dùng trung bình cao nhất {used}. Số liệu đầy đủ ở bảng bên dưới.',
  'usage.axis': 'Lượng ({unit})',
  'usage.axis.count': 'Số lượng',
  'usage.table': 'Bảng số liệu của biểu đồ',
  'usage.table.slot': 'Thời gian',
  'usage.table.hours': 'Số giờ đo được',
  'usage.missing.pending': 'chưa đo: chưa đến lượt đo khoảng thời gian này; lần đo tiếp theo trước {time}',
  'usage.missing.never': 'không có số liệu: khi đó chưa có gì được đo (chưa được cấp, hoặc việc đo chưa chạy)',
  'usage.missing.noReading': 'không đo được: kho số liệu chưa thu thập được số đo của khoảng này, hoặc số đo bị loại',
  'usage.missing.noReadingRetry':
    'chưa đo được: kho số liệu chưa thu thập được số đo, hoặc số đo bị loại; đo lại một lần trước {time}',
  'usage.missing.noBucketReading':
    'không đo được: kho số liệu chưa thu thập được số đo của bucket (bucket mới tạo được đo sau lần thu thập đầu tiên), hoặc số đo bị loại',
  'usage.missing.noBucketReadingRetry':
    'chưa đo được: kho số liệu chưa thu thập được số đo của bucket (bucket mới tạo được đo sau lần thu thập đầu tiên), hoặc số đo bị loại; đo lại một lần trước {time}',
  'usage.missing.notRequested': 'không có: không hạn mức nào đếm lượng yêu cầu của tài nguyên này',
  'usage.missing.notCounted': 'không có: lần kiểm tra định kỳ không đếm được lượng yêu cầu trong khoảng này',
  'usage.missing.notGranted': 'không có: không được cấp trong khoảng này',
  'usage.empty': 'Chưa có số liệu sử dụng nào trong khoảng thời gian này.',
  'usage.csv': 'Tải số liệu (CSV)',
  'usage.csv.resource': 'Tài nguyên',
  'usage.csv.key': 'Mã tài nguyên',
  'usage.csv.start': 'Bắt đầu',
  'usage.csv.unit': 'Đơn vị gốc',
  'usage.csv.peak': 'Thực dùng cao nhất',
  'usage.invalid': 'Khoảng thời gian không hợp lệ.',
  'costs.title': 'Chi phí theo tháng',
  'costs.intro':
    'Chi phí tham khảo (showback) của từng dự án trong năm nay, theo bảng kê: tháng đã chốt lấy từ bảng kê đã lưu, tháng đang mở tính tạm từ số liệu đo được.',
  'costs.chart.title': 'Chi phí theo tháng và theo dự án',
  'costs.chart.description': 'Chi phí của {projects} dự án, từ {from} đến {to}. Số liệu đầy đủ ở bảng bên dưới.',
  'costs.chart.descriptionBudget':
    'Chi phí của {projects} dự án, từ {from} đến {to}, so với mức một phần mười hai ngân sách năm ({budget} mỗi tháng). Số liệu đầy đủ ở bảng bên dưới.',
  'costs.axis.dong': 'Chi phí (đồng)',
  'costs.axis.millions': 'Chi phí (triệu đồng)',
  'costs.others': 'Các dự án khác',
  'costs.unpriced': 'chưa tính được',
  'costs.total': 'Tổng cộng',
  'pools.usage.title': 'Sức chứa, cấp phát và sử dụng thực tế: {pool}',
  'pools.usage.intro':
    'Theo từng ngày trong 31 ngày qua: sức chứa hiện tại (sau hệ số cấp vượt; lịch sử sức chứa chưa được lưu), tổng lượng đã cấp, tổng lượng yêu cầu và tổng lượng thực dùng trung bình của mọi dự án dùng vùng tài nguyên này. Khoảng cách giữa cấp phát và thực dùng là căn cứ để đặt hệ số cấp vượt.',
  'pools.usage.link': 'Biểu đồ theo thời gian',
  'pools.series.capacity': 'Sức chứa (hiện tại)',
  'pools.series.granted': 'Đã cấp',
  'pools.series.requested': 'Yêu cầu',
  'pools.series.used': 'Thực dùng (trung bình)',
  'pools.chart.title': '{resource}: sức chứa, cấp phát và sử dụng',
  'pools.chart.description':
    '{resource} từ {from} đến {to}: sức chứa hiện tại {capacity} (phần cứng {physical}), thực dùng trung bình cao nhất {used}. Số liệu đầy đủ ở bảng bên dưới.',
  'pools.notFound': 'Không có vùng tài nguyên {code}.',
  'costs.project': 'Dự án',
  'costs.amount': 'Chi phí (đồng)',
  'costs.csv': 'Tải số liệu chi phí (CSV)',
  'costs.budgetShare': 'Một phần mười hai ngân sách năm: {amount}',
  'costs.noBudget': 'Cơ quan chưa có ngân sách cho năm nay.',
  'costs.empty': 'Chưa có chi phí nào trong năm nay.',
}

const en: Record<keyof typeof vi, string> = {
  'usage.title': 'Usage of {project}',
  'usage.intro':
    "Each resource's granted, requested and used amounts over time, averaged over the hours that were measured. A gap in a chart is hours not measured, not zero.",
  'usage.link': 'See usage over time',
  'usage.resolution': 'Period',
  'usage.resolution.hour': 'Last 48 hours (hourly)',
  'usage.resolution.day': 'Last 31 days (daily)',
  'usage.resolution.month': 'Last 12 months (monthly)',
  'usage.series.used': 'Used (average)',
  'usage.series.requested': 'Requested',
  'usage.series.granted': 'Granted',
  'usage.chart.title': '{resource}: granted, requested and used',
  'usage.chart.description':
    '{resource} from {from} to {to}: highest grant {granted}, highest average use {used}. The full figures are in the table below.',
  'usage.axis': 'Amount ({unit})',
  'usage.axis.count': 'Count',
  'usage.table': "The chart's figures",
  'usage.table.slot': 'Period',
  'usage.table.hours': 'Hours measured',
  'usage.missing.pending': 'not measured yet: the metering has not reached this period; next measurement by {time}',
  'usage.missing.never': 'no figures: nothing was measured then (nothing granted yet, or the metering was not running)',
  'usage.missing.noReading':
    'not measured: the metrics store had not scraped a reading for this period, or the reading was refused',
  'usage.missing.noReadingRetry':
    'not measured yet: the metrics store had not scraped a reading, or the reading was refused; measured once more by {time}',
  'usage.missing.noBucketReading':
    "not measured: the metrics store had not scraped the buckets' reading (a new bucket is measured after its first scrape), or the reading was refused",
  'usage.missing.noBucketReadingRetry':
    "not measured yet: the metrics store had not scraped the buckets' reading (a new bucket is measured after its first scrape), or the reading was refused; measured once more by {time}",
  'usage.missing.notRequested': 'none: no quota counts what is requested of this resource',
  'usage.missing.notCounted': 'none: the periodic check did not count what was requested in this period',
  'usage.missing.notGranted': 'none: nothing was granted in this period',
  'usage.empty': 'No usage was recorded in this period.',
  'usage.csv': 'Download the figures (CSV)',
  'usage.csv.resource': 'Resource',
  'usage.csv.key': 'Resource key',
  'usage.csv.start': 'Start',
  'usage.csv.unit': 'Canonical unit',
  'usage.csv.peak': 'Peak use',
  'usage.invalid': 'Invalid period.',
  'costs.title': 'Cost by month',
  'costs.intro':
    "Each project's showback cost this year, as the statements put it: closed months from the stored statement, open months computed so far from what was measured.",
  'costs.chart.title': 'Cost by month and by project',
  'costs.chart.description':
    'The cost of {projects} projects from {from} to {to}. The full figures are in the table below.',
  'costs.chart.descriptionBudget':
    "The cost of {projects} projects from {from} to {to}, against a twelfth of the year's budget ({budget} a month). The full figures are in the table below.",
  'costs.axis.dong': 'Cost (đồng)',
  'costs.axis.millions': 'Cost (million đồng)',
  'costs.others': 'Other projects',
  'costs.unpriced': 'not priced',
  'costs.total': 'Total',
  'pools.usage.title': 'Capacity, allocation and real use: {pool}',
  'pools.usage.intro':
    "Day by day over the last 31 days: today's capacity (after overcommit; its history is not kept), what was granted, what was requested and what all the projects drawing on this pool really used on average. The gap between allocation and use is the evidence for setting overcommit.",
  'pools.usage.link': 'Charts over time',
  'pools.series.capacity': 'Capacity (today)',
  'pools.series.granted': 'Granted',
  'pools.series.requested': 'Requested',
  'pools.series.used': 'Used (average)',
  'pools.chart.title': '{resource}: capacity, allocation and use',
  'pools.chart.description':
    "{resource} from {from} to {to}: today's capacity {capacity} ({physical} of hardware), highest average use {used}. The full figures are in the table below.",
  'pools.notFound': 'There is no pool {code}.',
  'costs.project': 'Project',
  'costs.amount': 'Cost (đồng)',
  'costs.csv': 'Download the cost figures (CSV)',
  'costs.budgetShare': "A twelfth of the year's budget: {amount}",
  'costs.noBudget': 'The agency has no budget for this year.',
  'costs.empty': 'No cost yet this year.',
}

export const usageMessages = { vi, en } as const
export type UsageMessageKey = keyof typeof vi
