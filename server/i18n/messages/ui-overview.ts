// The dashboard, the capacity pools and the names of resources (CPU, memory, volumes …).
// Vietnamese first; English has exactly the same keys (the type of `en` checks it).

const vi = {
  'dashboard.title': 'Tổng quan',
  'dashboard.intro':
    'Tình hình chung của nền tảng đám mây tỉnh: cơ quan, dự án, yêu cầu hạn mức và mức phân bổ tài nguyên.',
  'dashboard.agencies': 'Cơ quan',
  'dashboard.agenciesActive': '{count} đang hoạt động',
  'dashboard.projects': 'Dự án',
  'dashboard.requests': 'Yêu cầu hạn mức',
  'dashboard.requestsWaiting': '{count} đang chờ xử lý',
  'dashboard.requestsByState': 'Yêu cầu theo trạng thái',
  'dashboard.pools': 'Mức phân bổ theo vùng tài nguyên',
  'dashboard.poolsEmpty': 'Chưa có vùng tài nguyên nào.',
  'dashboard.pool': 'Vùng tài nguyên',
  'dashboard.resource': 'Tài nguyên',
  'dashboard.allocated': 'Đã phân bổ',
  'dashboard.capacity': 'Dung lượng khả dụng',
  'dashboard.percent': 'Tỷ lệ',
  'dashboard.overcommit': 'Hệ số cấp vượt {ratio}',

  'pool.kind.compute': 'Tính toán',
  'pool.kind.volume': 'Ổ đĩa',
  'pool.kind.objectStorage': 'Lưu trữ đối tượng',
  'pool.kind.backup': 'Sao lưu',

  'resourceLabel.cpu': 'CPU',
  'resourceLabel.memory': 'Bộ nhớ (RAM)',
  'resourceLabel.pods': 'Số pod',
  'resourceLabel.gpu': 'GPU',
  'resourceLabel.objectStorage': 'Lưu trữ đối tượng',
  'resourceLabel.buckets': 'Số bucket',
  'resourceLabel.backupStorage': 'Dung lượng sao lưu',
  'resourceLabel.volume': 'Ổ đĩa lớp {storageClass}',
} as const

const en: Record<keyof typeof vi, string> = {
  'dashboard.title': 'Dashboard',
  'dashboard.intro':
    "The province's cloud platform at a glance: agencies, projects, quota requests and how much of each pool is allocated.",
  'dashboard.agencies': 'Agencies',
  'dashboard.agenciesActive': '{count} active',
  'dashboard.projects': 'Projects',
  'dashboard.requests': 'Quota requests',
  'dashboard.requestsWaiting': '{count} awaiting a decision',
  'dashboard.requestsByState': 'Requests by state',
  'dashboard.pools': 'Allocation by capacity pool',
  'dashboard.poolsEmpty': 'No capacity pools yet.',
  'dashboard.pool': 'Pool',
  'dashboard.resource': 'Resource',
  'dashboard.allocated': 'Allocated',
  'dashboard.capacity': 'Effective capacity',
  'dashboard.percent': 'Share',
  'dashboard.overcommit': 'Overcommit {ratio}',

  'pool.kind.compute': 'Compute',
  'pool.kind.volume': 'Volumes',
  'pool.kind.objectStorage': 'Object storage',
  'pool.kind.backup': 'Backup',

  'resourceLabel.cpu': 'CPU',
  'resourceLabel.memory': 'Memory (RAM)',
  'resourceLabel.pods': 'Pods',
  'resourceLabel.gpu': 'GPUs',
  'resourceLabel.objectStorage': 'Object storage',
  'resourceLabel.buckets': 'Buckets',
  'resourceLabel.backupStorage': 'Backup storage',
  'resourceLabel.volume': 'Volumes, class {storageClass}',
}

export const overviewMessages = { vi, en }
