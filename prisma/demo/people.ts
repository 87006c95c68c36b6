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
