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
  'usage.notMeasured': 'chưa đo',
  'usage.empty': 'Chưa có số liệu sử dụng nào trong khoảng thời gian này.',
  'usage.csv': 'Tải số liệu (CSV)',
  'usage.csv.resource': 'Tài nguyên',
  'usage.csv.key': 'Mã tài nguyên',
  'usage.csv.start': 'Bắt đầu',
  'usage.csv.unit': 'Đơn vị gốc',
  'usage.csv.peak': 'Thực dùng cao nhất',
  'usage.invalid': 'Khoảng thời gian không hợp lệ.',
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
  'usage.notMeasured': 'not measured',
  'usage.empty': 'No usage was recorded in this period.',
  'usage.csv': 'Download the figures (CSV)',
  'usage.csv.resource': 'Resource',
  'usage.csv.key': 'Resource key',
  'usage.csv.start': 'Start',
  'usage.csv.unit': 'Canonical unit',
  'usage.csv.peak': 'Peak use',
  'usage.invalid': 'Invalid period.',
}

export const usageMessages = { vi, en } as const
export type UsageMessageKey = keyof typeof vi
