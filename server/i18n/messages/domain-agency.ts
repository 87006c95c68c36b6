// Messages for the agencies' DomainErrorCodes (their hierarchy, mergers and life, decision 0052),
// Vietnamese first, then English; spread into the domain's catalogue (domain.ts).
import type { DomainErrorCode } from '../../domain/errors'

type AgencyCode = Extract<DomainErrorCode, `agency.${string}`>

const vi = {
  'agency.code_invalid':
    'Mã cơ quan “{code}” chỉ được gồm chữ thường không dấu, chữ số và dấu gạch ngang (ví dụ so-khcn).',
  'agency.code_length': 'Mã cơ quan phải dài từ {min} đến {max} ký tự (hiện có {length}).',
  'agency.not_found': 'Không tìm thấy cơ quan.',
  'agency.parent_is_self': 'Một cơ quan không thể là cơ quan cấp trên của chính nó.',
  'agency.parent_cycle': 'Không thể chọn “{code}” làm cơ quan cấp trên vì đó là cơ quan cấp dưới của cơ quan này.',
  'agency.parent_merged': 'Cơ quan “{code}” đã được sáp nhập; hãy chọn cơ quan tiếp nhận.',
  'agency.merged_without_target': 'Cơ quan “{code}” được đánh dấu là đã sáp nhập nhưng không ghi cơ quan tiếp nhận.',
  'agency.merge_into_self': 'Không thể sáp nhập cơ quan “{code}” vào chính nó.',
  'agency.merge_from_merged': 'Cơ quan “{code}” đã được sáp nhập trước đó.',
  'agency.merge_into_merged': 'Không thể sáp nhập vào “{code}” vì cơ quan này đã được sáp nhập vào cơ quan khác.',
  'agency.merge_into_descendant':
    'Không thể sáp nhập “{from}” vào “{into}” vì “{into}” là cơ quan cấp dưới của “{from}”.',
  'agency.merge_into_archived': 'Không thể sáp nhập vào “{code}” vì cơ quan này đã ngừng hoạt động.',
  'agency.merge_none': 'Cơ quan “{code}” không có lịch sáp nhập nào để hủy.',
  'agency.merge_preview_stale':
    'Số liệu sáp nhập “{code}” đã thay đổi kể từ khi xem trước nên chưa có gì được thực hiện; hãy xem lại số liệu mới bên dưới rồi xác nhận lại.',
  'agency.merge_refused':
    'Việc sáp nhập “{code}” vào “{into}” đã bị từ chối khi đến hạn; hãy xóa việc sáp nhập bị từ chối trước khi yêu cầu sáp nhập lại.',
  'agency.merge_applied':
    'Việc sáp nhập “{code}” vào “{into}” đã được thực hiện nên không thể hủy: các hệ thống đã chuyển và được tính theo ngày hiệu lực.',
  'agency.merge_pending': 'Cơ quan “{code}” đã có lịch sáp nhập vào “{into}” từ ngày {date}.',
  'agency.merge_date_closed':
    'Ngày hiệu lực {date} quá sớm: trước ngày {earliest} là các tháng đã chốt bảng kê hoặc đã qua; hãy chọn từ ngày {earliest} trở đi.',
  'agency.merge_date_too_far': 'Ngày hiệu lực chỉ được đặt trước tối đa {days} ngày (muộn nhất là {latest}).',
  'agency.kind_unknown': 'Loại cơ quan “{kind}” không có trong danh mục.',
  'agency.parent_archived': 'Cơ quan “{code}” đã ngừng hoạt động nên không thể làm cơ quan cấp trên.',
  'agency.not_active': 'Cơ quan “{code}” đã sáp nhập hoặc ngừng hoạt động; chỉ còn xem được lịch sử.',
  'agency.archive_has_children':
    'Chưa thể cho cơ quan “{code}” ngừng hoạt động: còn {count} cơ quan cấp dưới đang hoạt động; hãy chuyển hoặc cho ngừng các cơ quan đó trước.',
  'agency.archived': 'Cơ quan “{code}” đã ngừng hoạt động nên không thể yêu cầu hạn mức mới; lịch sử vẫn được giữ.',
  'agency.merged': 'Cơ quan “{code}” đã được sáp nhập; hãy yêu cầu hạn mức dưới tên cơ quan tiếp nhận.',
  'agency.code_taken': 'Mã cơ quan “{code}” đã được dùng; mã không thể dùng lại, kể cả của cơ quan đã ngừng hoạt động.',
} as const satisfies Record<AgencyCode, string>

const en = {
  'agency.code_invalid':
    'The agency code “{code}” may contain only lowercase letters without accents, digits and hyphens (for example so-khcn).',
  'agency.code_length': 'The agency code must be {min} to {max} characters long (it has {length}).',
  'agency.not_found': 'The agency was not found.',
  'agency.parent_is_self': 'An agency cannot be its own parent.',
  'agency.parent_cycle': '“{code}” cannot be the parent because it sits below this agency.',
  'agency.parent_merged': 'The agency “{code}” has been merged; choose the agency that took it over.',
  'agency.merged_without_target': 'The agency “{code}” is marked as merged but does not say into which agency.',
  'agency.merge_into_self': 'The agency “{code}” cannot be merged into itself.',
  'agency.merge_from_merged': 'The agency “{code}” has already been merged.',
  'agency.merge_into_merged': 'Nothing can be merged into “{code}”: it has itself been merged into another agency.',
  'agency.merge_into_descendant': '“{from}” cannot be merged into “{into}” because “{into}” sits below “{from}”.',
  'agency.merge_into_archived': 'Nothing can be merged into “{code}”: it is archived.',
  'agency.merge_none': 'The agency “{code}” has no scheduled merger to cancel.',
  'agency.merge_preview_stale':
    'The figures of merging “{code}” changed since the preview, so nothing was done; check the new figures below and confirm again.',
  'agency.merge_refused':
    'The merger of “{code}” into “{into}” was refused when it fell due; clear the refused merger before asking for another.',
  'agency.merge_applied':
    'The merger of “{code}” into “{into}” has already been carried out and cannot be cancelled: the systems have moved and are billed by its date.',
  'agency.merge_pending': 'The agency “{code}” is already scheduled to merge into “{into}” on {date}.',
  'agency.merge_date_closed':
    'The effective date {date} is too early: the months before {earliest} are closed or past; choose {earliest} or later.',
  'agency.merge_date_too_far': 'The effective date may be at most {days} days ahead (at the latest {latest}).',
  'agency.kind_unknown': 'The agency kind “{kind}” is not in the list.',
  'agency.parent_archived': 'The agency “{code}” is archived and cannot be a parent.',
  'agency.not_active': 'The agency “{code}” has been merged or archived; only its history remains.',
  'agency.archive_has_children':
    'The agency “{code}” cannot be archived yet: {count} active agencies sit below it; move or archive them first.',
  'agency.archived': 'The agency “{code}” is archived and can no longer request quotas; its history is kept.',
  'agency.merged': 'The agency “{code}” has been merged; request quotas under the agency that took it over.',
  'agency.code_taken':
    'The agency code “{code}” is already used; codes are never reused, not even an archived agency’s.',
} as const satisfies Record<AgencyCode, string>

export const agencyMessages = { vi, en }
