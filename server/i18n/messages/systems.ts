// Registering information systems and the security officer's review (issue 15, decision 0055):
// the pages, the notices. Vietnamese first; English has exactly the same keys (the type of `en`
// checks it).

const vi = {
  'notify.kind.system_registered': 'Hệ thống “{project}” chờ thẩm định cấp độ an toàn',
  'notify.kind.system_confirmed': 'Cấp độ an toàn của hệ thống “{project}” đã được xác nhận',
  'notify.kind.system_returned': 'Đăng ký hệ thống “{project}” đã bị trả lại',
  'system.notify.context': 'Cơ quan: {agency}. Hệ thống: {project} (không gian tên {namespace}).',
  'system.notify.proposed': 'Cấp độ đề xuất: {level}.',
  'system.notify.confirmed': 'Cấp độ được xác nhận: {level}.',
  'system.notify.nextQuota': 'Hệ thống đã có thể yêu cầu hạn mức tài nguyên.',
  'system.notify.nextResubmit': 'Hãy sửa đăng ký theo lý do trên và gửi lại để được thẩm định.',
} as const

const en = {
  'notify.kind.system_registered': 'The system “{project}” awaits review of its security level',
  'notify.kind.system_confirmed': 'The security level of the system “{project}” was confirmed',
  'notify.kind.system_returned': 'The registration of the system “{project}” was returned',
  'system.notify.context': 'Agency: {agency}. System: {project} (namespace {namespace}).',
  'system.notify.proposed': 'Proposed level: {level}.',
  'system.notify.confirmed': 'Confirmed level: {level}.',
  'system.notify.nextQuota': 'The system may now request resource quotas.',
  'system.notify.nextResubmit': 'Correct the registration as the reason says and send it again for review.',
} as const satisfies Record<keyof typeof vi, string>

export const systemPageMessages = { vi, en } as const
export type SystemPageMessageKey = keyof typeof vi
