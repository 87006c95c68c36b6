// Messages for registering information systems and their review (decision 0055), Vietnamese first,
// then English; spread into the domain's catalogue (domain.ts).
import type { DomainErrorCode } from '../../domain/errors'

type SystemCode = Extract<DomainErrorCode, `system.${string}`>

const vi = {
  'system.level_required': 'Hãy chọn cấp độ an toàn hệ thống thông tin đề xuất (1 đến 5, Nghị định 85/2016/NĐ-CP).',
  'system.document_required':
    'Cấp độ đề xuất phải kèm văn bản phê duyệt: hãy nhập số, ngày và cơ quan ban hành văn bản.',
  'system.document_date_future': 'Ngày văn bản ({date}) không được sau ngày hôm nay.',
  'system.document_date_before_decree':
    'Ngày văn bản ({date}) trước ngày Nghị định 85/2016/NĐ-CP có hiệu lực (01/07/2016).',
  'system.purpose_required': 'Hãy nêu mục đích của hệ thống thông tin.',
  'system.name_taken': 'Cơ quan đã đăng ký một hệ thống tên “{name}”.',
  'system.reason_required': 'Hãy nêu lý do.',
  'system.reason_too_long': 'Lý do quá dài: tối đa {max} ký tự.',
  'system.level_unchanged': 'Cấp độ {level} chính là cấp độ đề xuất: hãy chọn “Xác nhận” hoặc một cấp độ khác.',
  'system.not_pending': 'Đăng ký này không chờ thẩm định (trạng thái hiện tại: {state}).',
  'system.not_returned': 'Chỉ đăng ký đã bị trả lại mới được gửi lại (trạng thái hiện tại: {state}).',
  'system.reviewer_is_proponent': 'Người đề xuất cấp độ không được tự thẩm định đăng ký của mình.',
  'system.registration_pending':
    'Hệ thống chưa được cán bộ an toàn thông tin xác nhận cấp độ nên chưa thể yêu cầu hạn mức.',
  'system.registration_returned': 'Đăng ký hệ thống đã bị trả lại: hãy sửa và gửi lại trước khi yêu cầu hạn mức.',
  'system.not_found': 'Không tìm thấy hệ thống thông tin.',
  'system.not_editable':
    'Đăng ký đã được xác nhận nên không sửa được nữa; muốn đổi cấp độ, hãy đề nghị xem xét lại cấp độ (trạng thái hiện tại: {state}).',
  'system.changed_meanwhile':
    'Đăng ký đã được người khác thay đổi trong lúc bạn xem (nay là phiên bản {version}): trang đã hiện nội dung mới nhất, hãy xem lại rồi gửi lại.',
  'system.not_confirmed':
    'Chỉ hệ thống đã được xác nhận cấp độ mới được xem xét lại cấp độ (trạng thái hiện tại: {state}).',
  'system.level_review_open': 'Cấp độ của hệ thống đang được xem xét lại: hãy chờ cán bộ an toàn thông tin quyết định.',
  'system.no_level_review': 'Cấp độ của hệ thống không đang được xem xét lại.',
  'system.level_change_not_proposed':
    'Cơ quan chưa đề xuất cấp độ mới nên chưa có gì để xác nhận; có thể đóng việc xem xét lại bằng cách từ chối kèm lý do.',
  'system.level_same_as_in_force':
    'Cấp độ {level} là cấp độ đang có hiệu lực: hãy chọn cấp độ khác để đề nghị thay đổi.',
} as const satisfies Record<SystemCode, string>

const en = {
  'system.level_required': 'Choose the proposed information system security level (1 to 5, Decree 85/2016/NĐ-CP).',
  'system.document_required':
    'A proposed level needs the document that approved it: enter its number, date and issuing body.',
  'system.document_date_future': 'The document’s date ({date}) cannot be after today.',
  'system.document_date_before_decree':
    'The document’s date ({date}) is before Decree 85/2016/NĐ-CP took effect (01/07/2016).',
  'system.purpose_required': 'Say what the information system is for.',
  'system.name_taken': 'The agency has already registered a system named “{name}”.',
  'system.reason_required': 'Give a reason.',
  'system.reason_too_long': 'The reason is too long: at most {max} characters.',
  'system.level_unchanged': 'Level {level} is the proposed level: choose “Confirm” or another level.',
  'system.not_pending': 'This registration is not awaiting review (it is now: {state}).',
  'system.not_returned': 'Only a returned registration can be sent again (it is now: {state}).',
  'system.reviewer_is_proponent': 'Whoever proposed the level may not review their own registration.',
  'system.registration_pending':
    'A security officer has not yet confirmed this system’s level, so it cannot request quotas.',
  'system.registration_returned':
    'This system’s registration was returned: correct it and send it again before requesting quotas.',
  'system.not_found': 'The information system was not found.',
  'system.not_editable':
    'The registration is confirmed and can no longer be edited; to change its level, propose a re-review of the level (it is now: {state}).',
  'system.changed_meanwhile':
    'Someone else changed the registration while you were reading it (it is now version {version}): the page shows the latest, read it again and send again.',
  'system.not_confirmed': 'Only a system whose level is confirmed can have its level re-reviewed (it is now: {state}).',
  'system.level_review_open': 'The system’s level is already under re-review: wait for a security officer’s decision.',
  'system.no_level_review': 'The system’s level is not under re-review.',
  'system.level_change_not_proposed':
    'The agency has not proposed a new level yet, so there is nothing to confirm; the re-review can be closed by refusing with a reason.',
  'system.level_same_as_in_force': 'Level {level} is the level in force: choose another level to propose a change.',
} as const satisfies Record<SystemCode, string>

export const systemMessages = { vi, en }
