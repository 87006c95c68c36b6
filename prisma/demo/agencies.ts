// Lạng Sơn's agencies after the 2025 reorganisation: districts abolished, the Department of
// Information and Communications merged into Science and Technology.
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
