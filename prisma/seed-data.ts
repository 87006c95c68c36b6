// Demo data for a newcomer's console: Lạng Sơn agencies after the 2025 reorganisation (districts
// abolished, the Department of Information and Communications merged into Science and Technology),
// their information systems, capacity pools and requests in every state. Names keep their diacritics.

const GiB = 1024n ** 3n
const TiB = 1024n ** 4n

export type SeedAgency = {
  code: string
  nameVi: string
  nameEn: string
  kind: string
  parent?: string
  mergedInto?: string
}
export const agencies: SeedAgency[] = [
  {
    code: 'ubnd-tinh',
    nameVi: 'UBND tỉnh Lạng Sơn',
    nameEn: "Lạng Sơn Provincial People's Committee",
    kind: 'people-committee',
  },
  {
    code: 'so-khcn',
    nameVi: 'Sở Khoa học và Công nghệ',
    nameEn: 'Department of Science and Technology',
    kind: 'department',
    parent: 'ubnd-tinh',
  },
  {
    code: 'ttcns',
    nameVi: 'Trung tâm Công nghệ số',
    nameEn: 'Digital Technology Centre',
    kind: 'data-centre-operator',
    parent: 'so-khcn',
  },
  {
    code: 'so-tttt',
    nameVi: 'Sở Thông tin và Truyền thông',
    nameEn: 'Department of Information and Communications',
    kind: 'department',
    parent: 'ubnd-tinh',
    mergedInto: 'so-khcn',
  },
  { code: 'so-tc', nameVi: 'Sở Tài chính', nameEn: 'Department of Finance', kind: 'department', parent: 'ubnd-tinh' },
  { code: 'so-yt', nameVi: 'Sở Y tế', nameEn: 'Department of Health', kind: 'department', parent: 'ubnd-tinh' },
  {
    code: 'bv-da-khoa-tinh',
    nameVi: 'Bệnh viện Đa khoa tỉnh Lạng Sơn',
    nameEn: 'Lạng Sơn Provincial General Hospital',
    kind: 'hospital',
    parent: 'so-yt',
  },
  {
    code: 'so-gddt',
    nameVi: 'Sở Giáo dục và Đào tạo',
    nameEn: 'Department of Education and Training',
    kind: 'department',
    parent: 'ubnd-tinh',
  },
  {
    code: 'ubnd-tp-lang-son',
    nameVi: 'UBND thành phố Lạng Sơn',
    nameEn: "People's Committee of Lạng Sơn City",
    kind: 'people-committee',
    parent: 'ubnd-tinh',
  },
  {
    code: 'ubnd-huyen-cao-loc',
    nameVi: 'UBND huyện Cao Lộc',
    nameEn: "People's Committee of Cao Lộc District",
    kind: 'people-committee',
    parent: 'ubnd-tinh',
    mergedInto: 'ubnd-xa-dong-dang',
  },
  {
    code: 'ubnd-xa-dong-dang',
    nameVi: 'UBND xã Đồng Đăng',
    nameEn: "People's Committee of Đồng Đăng Commune",
    kind: 'people-committee',
    parent: 'ubnd-tinh',
  },
  {
    code: 'ubnd-xa-huu-lung',
    nameVi: 'UBND xã Hữu Lũng',
    nameEn: "People's Committee of Hữu Lũng Commune",
    kind: 'people-committee',
    parent: 'ubnd-tinh',
  },
]

export const storageClasses = [
  {
    name: 'standard',
    descriptionVi: 'Ổ đĩa tiêu chuẩn (HDD, 3 bản sao)',
    descriptionEn: 'Standard disks (HDD, 3 replicas)',
  },
  { name: 'fast', descriptionVi: 'Ổ đĩa tốc độ cao (NVMe)', descriptionEn: 'Fast disks (NVMe)' },
]

export type SeedPool = {
  code: string
  nameVi: string
  nameEn: string
  kind: 'compute' | 'volume' | 'objectStorage' | 'backup'
  storageClass?: string
  resources: { resource: string; physical: bigint; overcommit?: [number, number] }[]
}
export const pools: SeedPool[] = [
  {
    code: 'compute-main',
    nameVi: 'Cụm máy chủ tính toán chính',
    nameEn: 'Main compute cluster',
    kind: 'compute',
    resources: [
      { resource: 'cpu', physical: 256_000n, overcommit: [4, 1] },
      { resource: 'memory', physical: 2n * TiB },
      { resource: 'pods', physical: 5_000n },
      { resource: 'gpu', physical: 4n },
    ],
  },
  {
    code: 'volume-standard',
    nameVi: 'Lưu trữ khối tiêu chuẩn',
    nameEn: 'Standard block storage',
    kind: 'volume',
    storageClass: 'standard',
    resources: [{ resource: 'volume:standard', physical: 100n * TiB }],
  },
  {
    code: 'volume-fast',
    nameVi: 'Lưu trữ khối tốc độ cao',
    nameEn: 'Fast block storage',
    kind: 'volume',
    storageClass: 'fast',
    resources: [{ resource: 'volume:fast', physical: 20n * TiB }],
  },
  {
    code: 'object-main',
    nameVi: 'Lưu trữ đối tượng S3',
    nameEn: 'S3 object storage',
    kind: 'objectStorage',
    resources: [
      { resource: 'objectStorage', physical: 400n * TiB },
      { resource: 'buckets', physical: 2_000n },
    ],
  },
  {
    code: 'backup-main',
    nameVi: 'Kho sao lưu',
    nameEn: 'Backup vault',
    kind: 'backup',
    resources: [{ resource: 'backupStorage', physical: 200n * TiB }],
  },
]

/** Local users mirroring the Keycloak realm's demo users (the realm is the source of truth). */
export const users = [
  { username: 'an.nguyen', displayName: 'Nguyễn Văn An', email: 'an.nguyen@skhcn.langson.gov.vn' },
  { username: 'lan.hoang', displayName: 'Hoàng Thị Lan', email: 'lan.hoang@stc.langson.gov.vn' },
  { username: 'hung.tran', displayName: 'Trần Quốc Hùng', email: 'hung.tran@tplangson.langson.gov.vn' },
  { username: 'thu.vi', displayName: 'Vi Thị Thu', email: 'thu.vi@dongdang.langson.gov.vn' },
  { username: 'hanh.luong', displayName: 'Lương Thị Hạnh', email: 'hanh.luong@bvdktinh.langson.gov.vn' },
  { username: 'duc.dang', displayName: 'Đặng Minh Đức', email: 'duc.dang@ttcns.langson.gov.vn' },
  { username: 'tuan.be', displayName: 'Bế Văn Tuấn', email: 'tuan.be@ttcns.langson.gov.vn' },
  { username: 'huong.pham', displayName: 'Phạm Thị Hương', email: 'huong.pham@ttcns.langson.gov.vn' },
]

export type SeedProject = {
  agency: string
  name: string
  description: string
  securityLevel: number
  personalData: boolean
  contact: [name: string, email: string, phone: string]
}
export const projects: SeedProject[] = [
  {
    agency: 'so-khcn',
    name: 'Hệ thống quản lý đề tài khoa học',
    description: 'Quản lý đề tài, dự án khoa học cấp tỉnh',
    securityLevel: 2,
    personalData: false,
    contact: ['Nguyễn Văn An', 'an.nguyen@skhcn.langson.gov.vn', '0205 3812 345'],
  },
  {
    agency: 'so-khcn',
    name: 'Cổng thông tin điện tử Sở Khoa học và Công nghệ',
    description: 'Cổng thông tin công khai',
    securityLevel: 2,
    personalData: false,
    contact: ['Nguyễn Văn An', 'an.nguyen@skhcn.langson.gov.vn', '0205 3812 345'],
  },
  {
    agency: 'ttcns',
    name: 'Nền tảng tích hợp, chia sẻ dữ liệu tỉnh (LGSP)',
    description: 'Trục liên thông dữ liệu của tỉnh',
    securityLevel: 3,
    personalData: true,
    contact: ['Đặng Minh Đức', 'duc.dang@ttcns.langson.gov.vn', '0912 345 678'],
  },
  {
    agency: 'so-tc',
    name: 'Hệ thống quản lý ngân sách tỉnh',
    description: 'Lập và theo dõi dự toán ngân sách',
    securityLevel: 3,
    personalData: false,
    contact: ['Hoàng Thị Lan', 'lan.hoang@stc.langson.gov.vn', '0987 654 321'],
  },
  {
    agency: 'so-tc',
    name: 'Cơ sở dữ liệu giá',
    description: 'Cơ sở dữ liệu giá hàng hoá, dịch vụ',
    securityLevel: 2,
    personalData: false,
    contact: ['Hoàng Thị Lan', 'lan.hoang@stc.langson.gov.vn', '0987 654 321'],
  },
  {
    agency: 'bv-da-khoa-tinh',
    name: 'Hệ thống thông tin bệnh viện (HIS)',
    description: 'Khám chữa bệnh, viện phí, dược',
    securityLevel: 3,
    personalData: true,
    contact: ['Lương Thị Hạnh', 'hanh.luong@bvdktinh.langson.gov.vn', '0205 3870 115'],
  },
  {
    agency: 'bv-da-khoa-tinh',
    name: 'Bệnh án điện tử',
    description: 'Hồ sơ bệnh án điện tử theo Thông tư 46/2018/TT-BYT',
    securityLevel: 4,
    personalData: true,
    contact: ['Lương Thị Hạnh', 'hanh.luong@bvdktinh.langson.gov.vn', '0205 3870 115'],
  },
  {
    agency: 'ubnd-tp-lang-son',
    name: 'Cổng dịch vụ công thành phố Lạng Sơn',
    description: 'Tiếp nhận hồ sơ trực tuyến',
    securityLevel: 2,
    personalData: true,
    contact: ['Trần Quốc Hùng', 'hung.tran@tplangson.langson.gov.vn', '0915 222 333'],
  },
  {
    agency: 'ubnd-xa-dong-dang',
    name: 'Hệ thống một cửa điện tử xã Đồng Đăng',
    description: 'Bộ phận tiếp nhận và trả kết quả',
    securityLevel: 2,
    personalData: true,
    contact: ['Vi Thị Thu', 'thu.vi@dongdang.langson.gov.vn', '0966 111 222'],
  },
  {
    agency: 'so-gddt',
    name: 'Cơ sở dữ liệu ngành giáo dục',
    description: 'Hồ sơ trường, lớp, học sinh',
    securityLevel: 3,
    personalData: true,
    contact: ['Phạm Thị Hương', 'huong.pham@ttcns.langson.gov.vn', '0913 444 555'],
  },
]

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
