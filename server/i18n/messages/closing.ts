// Closing an information system (issue 15, decision 0058): the page where agency staff ask and
// operators decide. Vietnamese first; English has exactly the same keys (the type of `en` checks it).

const vi = {
  'closing.title': 'Đóng hệ thống: {project}',
  'closing.intro':
    'Khi yêu cầu đóng được duyệt, hạn mức được thu hồi về vùng tài nguyên, bản sao lưu cuối cùng được tạo và giữ theo thời gian lưu giữ sao lưu; namespace và bucket bị xóa sau thời gian lưu giữ dữ liệu. Lịch sử (bảng kê, nhật ký, phát hiện) vẫn còn.',
  'closing.link': 'Đóng hệ thống',
  'closing.life.open': 'Đang hoạt động',
  'closing.life.closing': 'Đang đóng',
  'closing.life.closed': 'Đã đóng',
  'closing.state.submitted': 'Chờ quyết định',
  'closing.state.approved': 'Đã duyệt',
  'closing.state.rejected': 'Bị từ chối',
  'closing.state.withdrawn': 'Đã rút',
  'closing.ask': 'Yêu cầu đóng hệ thống',
  'closing.reason': 'Lý do đóng hệ thống',
  'closing.askSubmit': 'Gửi yêu cầu đóng',
  'closing.withdraw': 'Rút yêu cầu đóng',
  'closing.decide': 'Quyết định',
  'closing.note': 'Ghi chú (bắt buộc khi từ chối)',
  'closing.approve': 'Duyệt và đóng hệ thống',
  'closing.reject': 'Từ chối',
  'closing.history': 'Các yêu cầu đóng',
  'closing.requestedAt': 'Ngày yêu cầu',
  'closing.decidedAt': 'Ngày quyết định',
  'closing.lastBackup': 'Bản sao lưu cuối',
  'closing.failed': 'Chưa gửi: hãy sửa ô được đánh dấu.',
  'closing.none': 'Chưa có yêu cầu đóng nào.',
  'notify.kind.closure_requested': 'Yêu cầu đóng hệ thống “{project}” chờ quyết định',
  'notify.kind.closure_approved': 'Yêu cầu đóng hệ thống “{project}” đã được duyệt',
  'notify.kind.closure_rejected': 'Yêu cầu đóng hệ thống “{project}” bị từ chối',
  'closing.notify.approved':
    'Hạn mức đã được thu hồi; bản sao lưu cuối cùng được tạo trước khi namespace và bucket bị xóa.',
  'closing.queue.title': 'Yêu cầu đóng hệ thống chờ quyết định',
  'closing.queue.system': 'Hệ thống',
  'closing.queue.agency': 'Cơ quan',
  'closing.queue.requestedBy': 'Người yêu cầu',
}

const en: Record<keyof typeof vi, string> = {
  'closing.title': 'Close the system: {project}',
  'closing.intro':
    "Once a closing request is approved the quota goes back to the pools, a last backup is taken and kept for the backups' retention, and the namespace and buckets are removed after the data's grace period. The history (statements, audit, findings) stays.",
  'closing.link': 'Close the system',
  'closing.life.open': 'In service',
  'closing.life.closing': 'Closing',
  'closing.life.closed': 'Closed',
  'closing.state.submitted': 'Waiting for a decision',
  'closing.state.approved': 'Approved',
  'closing.state.rejected': 'Rejected',
  'closing.state.withdrawn': 'Withdrawn',
  'closing.ask': 'Ask to close the system',
  'closing.reason': 'Why the system is closed',
  'closing.askSubmit': 'Send the closing request',
  'closing.withdraw': 'Withdraw the closing request',
  'closing.decide': 'Decision',
  'closing.note': 'Note (required to reject)',
  'closing.approve': 'Approve and close the system',
  'closing.reject': 'Reject',
  'closing.history': 'Closing requests',
  'closing.requestedAt': 'Asked on',
  'closing.decidedAt': 'Decided on',
  'closing.lastBackup': 'Last backup',
  'closing.failed': 'Not sent: correct the field marked.',
  'closing.none': 'No closing request yet.',
  'notify.kind.closure_requested': 'Closing the system “{project}” awaits a decision',
  'notify.kind.closure_approved': 'Closing the system “{project}” was approved',
  'notify.kind.closure_rejected': 'Closing the system “{project}” was rejected',
  'closing.notify.approved':
    'The quota was taken back; a last backup is taken before the namespace and buckets are removed.',
  'closing.queue.title': 'Closing requests awaiting a decision',
  'closing.queue.system': 'System',
  'closing.queue.agency': 'Agency',
  'closing.queue.requestedBy': 'Asked by',
}

export const closingMessages = { vi, en } as const
export type ClosingMessageKey = keyof typeof vi
