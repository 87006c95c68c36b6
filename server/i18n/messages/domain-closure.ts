// Messages for closing (decommissioning) an information system (decision 0058), Vietnamese first,
// then English; spread into the domain's catalogue (domain.ts).
import type { DomainErrorCode } from '../../domain/errors'

type ClosureCode = Extract<DomainErrorCode, `closure.${string}`>

const vi = {
  'closure.reason_required': 'Hãy nêu lý do đóng hệ thống.',
  'closure.reason_too_long': 'Lý do dài quá {max} ký tự.',
  'closure.already_open': 'Hệ thống đã có một yêu cầu đóng đang chờ hoặc đã được duyệt.',
  'closure.not_submitted': 'Yêu cầu đóng hệ thống này không còn chờ quyết định.',
  'closure.note_required': 'Hãy nêu lý do từ chối.',
  'closure.not_found': 'Không tìm thấy yêu cầu đóng hệ thống.',
  'closure.system_closing': 'Hệ thống đang đóng hoặc đã đóng: không thể yêu cầu thêm tài nguyên.',
  'closure.already_decided': 'Yêu cầu đóng hệ thống này đã được quyết định hoặc đã rút: không thể rút nữa.',
} satisfies Record<ClosureCode, string>

const en = {
  'closure.reason_required': 'Say why the system is being closed.',
  'closure.reason_too_long': 'The reason is longer than {max} characters.',
  'closure.already_open': 'The system already has a closing request waiting or approved.',
  'closure.not_submitted': 'This closing request is no longer waiting for a decision.',
  'closure.note_required': 'Say why the request is rejected.',
  'closure.not_found': 'The closing request was not found.',
  'closure.system_closing': 'The system is closing or closed: it can request nothing more.',
  'closure.already_decided': 'This closing request was already decided or withdrawn: it can no longer be withdrawn.',
} satisfies Record<ClosureCode, string>

export const closureMessages = { vi, en }
