// The agencies' information systems.
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

// A system registered by its agency and waiting for a security officer's review (decision 0055):
// the demo's queue at /security/systems has it; it cannot request quotas until it is confirmed.
export type SeedRegistration = SeedProject & {
  owner: string
  document: { number: string; date: string; issuer: string }
}
export const pendingRegistrations: SeedRegistration[] = [
  {
    agency: 'so-gddt',
    name: 'Hệ thống tuyển sinh đầu cấp trực tuyến',
    description: 'Tiếp nhận hồ sơ tuyển sinh lớp 1, lớp 6 và lớp 10 của phụ huynh, học sinh toàn tỉnh',
    securityLevel: 3,
    personalData: true,
    contact: ['Hoàng Minh Tuấn', 'tuan.hoang@sgddt.langson.gov.vn', '0205 3870 123'],
    owner: 'Sở Giáo dục và Đào tạo tỉnh Lạng Sơn',
    document: { number: '128/QĐ-SGDĐT', date: '2026-11-25', issuer: 'Sở Giáo dục và Đào tạo tỉnh Lạng Sơn' },
  },
]
