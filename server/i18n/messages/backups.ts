// A project's backups page: the list, their health and the restore form (issue 15, decision 0056).
// Vietnamese first; English has exactly the same keys (the type of `en` checks it).

const vi = {
  'notify.kind.backup_unhealthy': 'Sao lưu của “{project}” không chạy đúng lịch',
  'backups.notify.next':
    'Xem trang sao lưu của hệ thống; thông báo này không lặp lại cho đến khi sao lưu thành công rồi lại gặp sự cố.',
  'backups.link': 'Sao lưu và khôi phục',
  'backups.title': 'Sao lưu của {project}',
  'backups.intro':
    'Các bản sao lưu đối tượng Kubernetes của hệ thống (Velero) và bản sao dữ liệu các bucket, theo lịch đơn vị đã chọn, được giữ trong bucket sao lưu có khoá đối tượng.',
  'backups.none': 'Hệ thống chưa có sao lưu theo lịch: cần hạn mức sao lưu và lịch sao lưu đã được cấp.',
  'backups.unavailable':
    'Không liên lạc được với hệ thống sao lưu lúc này; hãy tải lại trang sau ít phút. Mã tham chiếu: {reference}.',
  'backups.schedule': 'Lịch: {schedule} (giờ Việt Nam)',
  'backups.nextRun': 'Lần chạy tới: {date}',
  'backups.lastSuccess': 'Lần thành công gần nhất: {date}, {size}',
  'backups.noSuccess': 'Chưa có lần sao lưu nào thành công.',
  'backups.state.ok': 'Sao lưu chạy đúng lịch.',
  'backups.state.failed': 'Có {count} lần sao lưu thất bại kể từ lần thành công gần nhất.',
  'backups.state.missing': 'Thiếu lần sao lưu lẽ ra phải chạy lúc {date}.',
  'backups.lastCopy': 'Sao chép dữ liệu bucket gần nhất: {date}, {copied} đối tượng ({size}) đã chép, {removed} đã xoá',
  'backups.list': 'Các bản sao lưu',
  'backups.column.name': 'Tên',
  'backups.column.phase': 'Trạng thái',
  'backups.column.started': 'Bắt đầu',
  'backups.column.expires': 'Hết hạn giữ',
  'backups.column.size': 'Dung lượng',
  'backups.restores': 'Các lần khôi phục',
  'backups.column.backup': 'Từ bản sao lưu',
  'backups.column.errors': 'Lỗi / cảnh báo',
  'backups.restore.title': 'Khôi phục vào không gian tên của hệ thống',
  'backups.restore.help':
    'Khôi phục đưa lại các đối tượng đang thiếu từ bản sao lưu; đối tượng đang có được giữ nguyên, không bị ghi đè.',
  'backups.restore.backup': 'Bản sao lưu',
  'backups.restore.submit': 'Khôi phục',
  'backups.restore.required': 'Chọn hoặc nhập tên bản sao lưu.',
  'backups.restore.requested': 'Đã yêu cầu khôi phục “{restore}”; trạng thái hiện trong danh sách khôi phục.',
} as const

const en: Record<keyof typeof vi, string> = {
  'notify.kind.backup_unhealthy': 'The backups of “{project}” are not running on schedule',
  'backups.notify.next':
    'See the system’s backups page; you will not be told again until a backup succeeds and then fails again.',
  'backups.link': 'Backups and restores',
  'backups.title': 'Backups of {project}',
  'backups.intro':
    "The system's Kubernetes objects backed up by Velero and copies of its buckets' data, on the schedule the agency chose, kept in its object-locked backup bucket.",
  'backups.none': 'This system has no scheduled backups: it needs a granted backup quota and schedule.',
  'backups.unavailable':
    'The backup system cannot be reached now; reload the page in a few minutes. Reference: {reference}.',
  'backups.schedule': 'Schedule: {schedule} (Việt Nam time)',
  'backups.nextRun': 'Next run: {date}',
  'backups.lastSuccess': 'Last success: {date}, {size}',
  'backups.noSuccess': 'No backup has succeeded yet.',
  'backups.state.ok': 'Backups run on schedule.',
  'backups.state.failed': '{count} backups failed since the last success.',
  'backups.state.missing': 'The backup due at {date} is missing.',
  'backups.lastCopy': 'Last copy of the buckets: {date}, {copied} objects ({size}) copied, {removed} removed',
  'backups.list': 'Backups',
  'backups.column.name': 'Name',
  'backups.column.phase': 'Phase',
  'backups.column.started': 'Started',
  'backups.column.expires': 'Kept until',
  'backups.column.size': 'Size',
  'backups.restores': 'Restores',
  'backups.column.backup': 'From backup',
  'backups.column.errors': 'Errors / warnings',
  'backups.restore.title': "Restore into the system's namespace",
  'backups.restore.help': 'A restore brings back the objects that are missing; what exists is kept, never overwritten.',
  'backups.restore.backup': 'Backup',
  'backups.restore.submit': 'Restore',
  'backups.restore.required': 'Choose or type the name of a backup.',
  'backups.restore.requested': 'Restore “{restore}” requested; its phase shows in the list of restores.',
}

export const backupPageMessages = { vi, en } as const
export type BackupPageMessageKey = keyof typeof vi
