// The audit trail in the security officer's workspace (decisions 0036, 0037): its integrity,
// the search, each entry's place in the chain, the export. Vietnamese first; English has exactly
// the same keys (the type of `en` checks it).

const vi = {
  'audit.nav': 'Nhật ký kiểm toán',
  'audit.title': 'Nhật ký kiểm toán',
  'audit.intro':
    'Mọi thay đổi và mọi lần bị từ chối trên cổng, theo đúng thứ tự, được nối với nhau bằng chuỗi băm và được ký định kỳ vào kho lưu trữ không thể xoá. Chỉ cán bộ an toàn thông tin và quản trị nền tảng được xem.',

  'audit.integrity.title': 'Tính toàn vẹn',
  'audit.integrity.lastCheckpoint': 'Điểm kiểm tra đã ký gần nhất',
  'audit.integrity.checkpoint': 'Số {number}, ký lúc {at} ({age}), phủ đến mục #{seq}.',
  'audit.integrity.noCheckpoint': 'Chưa có điểm kiểm tra nào.',
  'audit.integrity.stale':
    'Quá hạn: cứ {interval} phải có một điểm kiểm tra mới. Việc ký có thể đã dừng, hoặc các điểm kiểm tra mới nhất đã bị xoá.',
  'audit.integrity.unreadable':
    'Điểm kiểm tra số {number} mà cổng ghi nhận không đọc được từ kho lưu trữ, hoặc chữ ký của nó không hợp lệ.',
  'audit.integrity.notConfigured':
    'Chưa cấu hình khoá xác minh hoặc kho lưu trữ điểm kiểm tra (AUDIT_VERIFY_KEY_FILE, S3_*).',
  'audit.integrity.lastVerification': 'Lần kiểm tra toàn bộ gần nhất',
  'audit.integrity.neverVerified': 'Chưa kiểm tra lần nào.',
  'audit.integrity.intact': 'Nguyên vẹn: {verified} mục khớp với chuỗi băm và các điểm kiểm tra (lúc {at}).',
  'audit.integrity.broken': 'KHÔNG nguyên vẹn (lúc {at}).',
  'audit.integrity.verifyNow': 'Kiểm tra ngay',
  'audit.integrity.verifying': 'Đang kiểm tra toàn bộ nhật ký; kết quả sẽ hiện ở đây.',

  'audit.problem.missing': 'Mục #{seq} bị mất.',
  'audit.problem.altered':
    'Mục #{seq} đã bị sửa: nội dung không còn khớp với mã băm của nó, hoặc các cột hiển thị không còn khớp với nội dung đã băm.',
  'audit.problem.unlinked':
    'Mục #{seq} không nối với mục liền trước: một trong hai đã bị sửa sau điểm kiểm tra cuối cùng.',
  'audit.problem.rehashed':
    'Mục #{seq} đã bị viết lại và băm lại: mã băm của nó không phải mã mà điểm kiểm tra số {checkpoint} đã ký.',
  'audit.problem.checkpoint': 'Điểm kiểm tra số {number}: {reason}.',
  'audit.problem.stale': 'Điểm kiểm tra cuối cùng đã quá hạn.',
  'audit.problem.overwritten': 'Có người đã ghi đè lên điểm kiểm tra {numbers}; bản gốc vẫn còn và được dùng.',
  'audit.checkpointReason.missing': 'bị mất khỏi kho lưu trữ',
  'audit.checkpointReason.signature': 'chữ ký không hợp lệ',
  'audit.checkpointReason.format': 'sai định dạng',
  'audit.checkpointReason.key': 'được ký bằng khoá khác',
  'audit.checkpointReason.number': 'sai số thứ tự',
  'audit.checkpointReason.previous': 'không ghi đúng điểm kiểm tra liền trước',
  'audit.checkpointReason.coverage': 'bỏ sót hoặc lặp lại mục nhật ký',
  'audit.checkpointReason.time': 'thời gian đi lùi',

  'audit.filter.legend': 'Tìm trong nhật ký',
  'audit.filter.actor': 'Người thực hiện',
  'audit.filter.actorHint': 'Tên, tên đăng nhập hoặc mã',
  'audit.filter.agency': 'Cơ quan (mã)',
  'audit.filter.project': 'Dự án (namespace)',
  'audit.filter.action': 'Hành động',
  'audit.filter.outcome': 'Kết quả',
  'audit.filter.from': 'Từ ngày',
  'audit.filter.to': 'Đến ngày',
  'audit.filter.any': 'Tất cả',
  'audit.filter.apply': 'Tìm',
  'audit.filter.clear': 'Xoá bộ lọc',
  'audit.invalidFilter': 'Điều kiện tìm kiếm không hợp lệ.',
  'audit.outcome.ok': 'Thành công',
  'audit.outcome.denied': 'Bị từ chối',
  'audit.outcome.failed': 'Thất bại',

  'audit.col.seq': 'Số',
  'audit.col.at': 'Thời điểm',
  'audit.col.actor': 'Người thực hiện',
  'audit.col.action': 'Hành động',
  'audit.col.outcome': 'Kết quả',
  'audit.col.agency': 'Cơ quan',
  'audit.col.entity': 'Đối tượng',
  'audit.col.chain': 'Vị trí trong chuỗi',
  'audit.chain.signed': 'Đã ký ở điểm kiểm tra số {checkpoint}',
  'audit.chain.unsigned': 'Chưa được ký (sau điểm kiểm tra cuối cùng)',
  'audit.chain.hashes': 'Băm {hash} · nối sau {prev}',
  'audit.details': 'Chi tiết',
  'audit.details.source': 'Từ {ip} · {agent}',
  'audit.details.before': 'Trước',
  'audit.details.after': 'Sau',
  'audit.empty': 'Không có mục nào khớp điều kiện tìm kiếm.',
  'audit.range': 'Mục #{newest} đến #{oldest}, mới nhất trước',
  'audit.page.label': 'Trang của nhật ký',
  'audit.page.newest': 'Mới nhất',
  'audit.page.newer': 'Mới hơn',
  'audit.page.older': 'Cũ hơn',

  'audit.export.title': 'Xuất để kiểm tra độc lập',
  'audit.export.intro':
    'Các mục khớp điều kiện tìm kiếm (tối đa {limit} mục), các điểm kiểm tra đã ký phủ chúng, khoá công khai, hướng dẫn và chương trình kiểm tra, trong một tệp .tar.gz.',
  'audit.export.csv': 'Xuất CSV',
  'audit.export.json': 'Xuất JSON',
  'audit.export.tooLarge': 'Quá {limit} mục: hãy thu hẹp khoảng thời gian hoặc điều kiện tìm kiếm.',
  'audit.export.notConfigured': 'Chưa thể xuất: thiếu khoá xác minh hoặc kho lưu trữ điểm kiểm tra.',
} as const

const en: Record<keyof typeof vi, string> = {
  'audit.nav': 'Audit trail',
  'audit.title': 'Audit trail',
  'audit.intro':
    'Every change and every refusal in the console, in order, chained by hashes and signed at intervals into storage nobody can delete from. Only security officers and platform administrators see it.',

  'audit.integrity.title': 'Integrity',
  'audit.integrity.lastCheckpoint': 'Last signed checkpoint',
  'audit.integrity.checkpoint': 'No. {number}, signed at {at} ({age}), covering entries up to #{seq}.',
  'audit.integrity.noCheckpoint': 'No checkpoint yet.',
  'audit.integrity.stale':
    'Stale: a new checkpoint is due every {interval}. Signing may have stopped, or the newest checkpoints were removed.',
  'audit.integrity.unreadable':
    'Checkpoint no. {number}, which the console recorded, cannot be read from the storage, or its signature does not verify.',
  'audit.integrity.notConfigured':
    'The verification key or the checkpoints’ storage is not configured (AUDIT_VERIFY_KEY_FILE, S3_*).',
  'audit.integrity.lastVerification': 'Last full verification',
  'audit.integrity.neverVerified': 'Never verified.',
  'audit.integrity.intact': 'Intact: {verified} entries match the hash chain and the checkpoints (at {at}).',
  'audit.integrity.broken': 'NOT intact (at {at}).',
  'audit.integrity.verifyNow': 'Verify now',
  'audit.integrity.verifying': 'Verifying the whole trail; the result will appear here.',

  'audit.problem.missing': 'Entry #{seq} is missing.',
  'audit.problem.altered':
    'Entry #{seq} was altered: its content no longer gives its hash, or the columns shown are not the content that was hashed.',
  'audit.problem.unlinked':
    'Entry #{seq} does not link to the entry before it: one of the two was changed after the last checkpoint.',
  'audit.problem.rehashed':
    'Entry #{seq} was rewritten and re-hashed: its hash is not the one checkpoint no. {checkpoint} signed.',
  'audit.problem.checkpoint': 'Checkpoint no. {number}: {reason}.',
  'audit.problem.stale': 'The last checkpoint is stale.',
  'audit.problem.overwritten': 'Someone wrote over checkpoint {numbers}; the original is still there and is used.',
  'audit.checkpointReason.missing': 'missing from the storage',
  'audit.checkpointReason.signature': 'the signature does not verify',
  'audit.checkpointReason.format': 'malformed',
  'audit.checkpointReason.key': 'signed with another key',
  'audit.checkpointReason.number': 'out of sequence',
  'audit.checkpointReason.previous': 'does not name the checkpoint before it',
  'audit.checkpointReason.coverage': 'leaves out or repeats entries',
  'audit.checkpointReason.time': 'its time runs backwards',

  'audit.filter.legend': 'Search the trail',
  'audit.filter.actor': 'Who',
  'audit.filter.actorHint': 'Name, username or id',
  'audit.filter.agency': 'Agency (code)',
  'audit.filter.project': 'Project (namespace)',
  'audit.filter.action': 'Action',
  'audit.filter.outcome': 'Outcome',
  'audit.filter.from': 'From',
  'audit.filter.to': 'To',
  'audit.filter.any': 'Any',
  'audit.filter.apply': 'Search',
  'audit.filter.clear': 'Clear',
  'audit.invalidFilter': 'The search is not valid.',
  'audit.outcome.ok': 'Succeeded',
  'audit.outcome.denied': 'Refused',
  'audit.outcome.failed': 'Failed',

  'audit.col.seq': 'No.',
  'audit.col.at': 'When',
  'audit.col.actor': 'Who',
  'audit.col.action': 'Action',
  'audit.col.outcome': 'Outcome',
  'audit.col.agency': 'Agency',
  'audit.col.entity': 'About',
  'audit.col.chain': 'Place in the chain',
  'audit.chain.signed': 'Signed in checkpoint no. {checkpoint}',
  'audit.chain.unsigned': 'Not signed yet (after the last checkpoint)',
  'audit.chain.hashes': 'Hash {hash} · follows {prev}',
  'audit.details': 'Details',
  'audit.details.source': 'From {ip} · {agent}',
  'audit.details.before': 'Before',
  'audit.details.after': 'After',
  'audit.empty': 'No entries match the search.',
  'audit.range': 'Entries #{newest} to #{oldest}, newest first',
  'audit.page.label': 'Pages of the trail',
  'audit.page.newest': 'Newest',
  'audit.page.newer': 'Newer',
  'audit.page.older': 'Older',

  'audit.export.title': 'Export for independent verification',
  'audit.export.intro':
    'The entries the search finds (at most {limit}), the signed checkpoints covering them, the public key, the procedure and a program that follows it, in one .tar.gz file.',
  'audit.export.csv': 'Export CSV',
  'audit.export.json': 'Export JSON',
  'audit.export.tooLarge': 'More than {limit} entries: narrow the time range or the search.',
  'audit.export.notConfigured': 'Cannot export: the verification key or the checkpoints’ storage is missing.',
}

export const auditMessages = { vi, en } as const
export type AuditMessageKey = keyof typeof vi
