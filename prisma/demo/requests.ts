// Requests in every state, with their votes.
import { GiB, TiB } from './units'

export type SeedRequest = {
  project: string
  by: string
  state:
    | 'draft'
    | 'submitted'
    | 'returned'
    | 'approved'
    | 'rejected'
    | 'withdrawn'
    | 'provisioning'
    | 'active'
    | 'expired'
    | 'revoked'
  kind?: 'new' | 'increase' | 'decrease'
  outcome?: 'full' | 'partial'
  justification: string
  lines: Record<string, bigint>
  /** Decided amounts when approved in part. */
  decided?: Record<string, bigint>
  votes?: { by: string; kind: 'approve' | 'sign_off' | 'reject' | 'return'; reason: string }[]
  backup?: { schedule: string; retentionDays: number }
  daysAgo: number
}

const web = { cpu: 4_000n, memory: 8n * GiB, pods: 30n, 'volume:standard': 200n * GiB }
export const requests: SeedRequest[] = [
  {
    project: 'Hệ thống quản lý đề tài khoa học',
    by: 'an.nguyen',
    state: 'active',
    justification: 'Triển khai hệ thống mới theo Kế hoạch 196/KH-UBND',
    lines: { ...web, objectStorage: 500n * GiB, buckets: 2n },
    votes: [{ by: 'duc.dang', kind: 'approve', reason: 'Phù hợp năng lực cụm' }],
    daysAgo: 120,
  },
  {
    project: 'Cổng thông tin điện tử Sở Khoa học và Công nghệ',
    by: 'an.nguyen',
    state: 'draft',
    justification: '',
    lines: { cpu: 2_000n, memory: 4n * GiB },
    daysAgo: 1,
  },
  {
    project: 'Nền tảng tích hợp, chia sẻ dữ liệu tỉnh (LGSP)',
    by: 'duc.dang',
    state: 'active',
    justification: 'Trục LGSP phục vụ liên thông toàn tỉnh',
    lines: { cpu: 32_000n, memory: 128n * GiB, pods: 200n, 'volume:fast': 2n * TiB, backupStorage: 4n * TiB },
    backup: { schedule: '0 1 * * *', retentionDays: 90 },
    votes: [
      { by: 'tuan.be', kind: 'approve', reason: 'Đủ dung lượng' },
      { by: 'huong.pham', kind: 'sign_off', reason: 'Đã có hồ sơ đề xuất cấp độ 3' },
    ],
    daysAgo: 200,
  },
  {
    project: 'Hệ thống quản lý ngân sách tỉnh',
    by: 'lan.hoang',
    state: 'submitted',
    justification: 'Nâng cấp phân hệ lập dự toán năm 2027',
    lines: { cpu: 8_000n, memory: 32n * GiB, pods: 50n, 'volume:fast': 500n * GiB, backupStorage: 1n * TiB },
    backup: { schedule: '0 2 * * *', retentionDays: 30 },
    votes: [{ by: 'duc.dang', kind: 'approve', reason: 'Đủ dung lượng, chờ ký duyệt an toàn thông tin' }],
    daysAgo: 3,
  },
  {
    project: 'Cơ sở dữ liệu giá',
    by: 'lan.hoang',
    state: 'returned',
    justification: 'Xây dựng CSDL giá',
    lines: { cpu: 16_000n, memory: 64n * GiB },
    votes: [{ by: 'tuan.be', kind: 'return', reason: 'Vui lòng nêu rõ số người dùng đồng thời để ước tính CPU' }],
    daysAgo: 10,
  },
  {
    project: 'Hệ thống thông tin bệnh viện (HIS)',
    by: 'hanh.luong',
    state: 'approved',
    outcome: 'partial',
    justification: 'Mở rộng phân hệ chẩn đoán hình ảnh (PACS)',
    lines: { cpu: 24_000n, memory: 96n * GiB, 'volume:fast': 8n * TiB, backupStorage: 16n * TiB },
    decided: { cpu: 16_000n, memory: 64n * GiB, 'volume:fast': 4n * TiB, backupStorage: 8n * TiB },
    backup: { schedule: '30 0 * * *', retentionDays: 365 },
    votes: [
      { by: 'duc.dang', kind: 'approve', reason: 'Cấp một phần, phần còn lại sau khi mở rộng cụm NVMe' },
      { by: 'tuan.be', kind: 'approve', reason: 'Đồng ý' },
      { by: 'huong.pham', kind: 'sign_off', reason: 'Dữ liệu cá nhân về sức khoẻ: đã rà soát' },
    ],
    daysAgo: 6,
  },
  {
    project: 'Bệnh án điện tử',
    by: 'hanh.luong',
    state: 'rejected',
    justification: 'Thử nghiệm bệnh án điện tử',
    lines: { gpu: 4n, cpu: 64_000n },
    votes: [{ by: 'duc.dang', kind: 'reject', reason: 'GPU không cần cho bệnh án điện tử; vui lòng gửi yêu cầu mới' }],
    daysAgo: 15,
  },
  {
    project: 'Cổng dịch vụ công thành phố Lạng Sơn',
    by: 'hung.tran',
    state: 'provisioning',
    justification: 'Chuyển cổng dịch vụ công lên đám mây tỉnh',
    lines: { ...web, objectStorage: 1n * TiB, buckets: 3n },
    votes: [{ by: 'tuan.be', kind: 'approve', reason: 'Đồng ý' }],
    daysAgo: 2,
  },
  {
    project: 'Hệ thống một cửa điện tử xã Đồng Đăng',
    by: 'thu.vi',
    state: 'expired',
    justification: 'Chạy thử một cửa điện tử',
    lines: { cpu: 1_000n, memory: 2n * GiB, pods: 10n },
    votes: [{ by: 'duc.dang', kind: 'approve', reason: 'Cấp thử nghiệm 90 ngày' }],
    daysAgo: 150,
  },
  {
    project: 'Hệ thống một cửa điện tử xã Đồng Đăng',
    by: 'thu.vi',
    state: 'withdrawn',
    justification: 'Gia hạn chạy thử',
    lines: { cpu: 1_000n, memory: 2n * GiB },
    daysAgo: 40,
  },
  {
    project: 'Cơ sở dữ liệu ngành giáo dục',
    by: 'huong.pham',
    state: 'revoked',
    justification: 'CSDL ngành giáo dục giai đoạn 1',
    lines: { cpu: 8_000n, memory: 16n * GiB, objectStorage: 2n * TiB, buckets: 1n },
    votes: [
      { by: 'duc.dang', kind: 'approve', reason: 'Đồng ý' },
      { by: 'huong.pham', kind: 'sign_off', reason: 'Đã rà soát' },
    ],
    daysAgo: 300,
  },
  {
    project: 'Hệ thống quản lý đề tài khoa học',
    by: 'an.nguyen',
    state: 'submitted',
    kind: 'increase',
    justification: 'Tăng bộ nhớ do số đề tài tăng',
    lines: { memory: 16n * GiB },
    daysAgo: 0,
  },
]
