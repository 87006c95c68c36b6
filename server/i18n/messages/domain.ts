// Messages for every DomainErrorCode, Vietnamese first, then English. `{name}` placeholders are
// filled from the error's params; amounts arrive in canonical units (bytes, millicores) and
// formatDomainError (server/i18n/domain-errors.ts) renders them in friendly units for the reader.
import type { DomainErrorCode } from '../../domain/errors'
import type { Locale } from '../format'
import { agencyMessages } from './domain-agency'
import { backupMessages } from './domain-backup'
import { budgetMessages } from './domain-budget'
import { poolMessages } from './domain-pool'
import { policyMessages } from './domain-policy'
import { systemMessages } from './domain-system'
import { closureMessages } from './domain-closure'

const vi = {
  'input.required': 'Trường này là bắt buộc.',
  'input.not_text': 'Giá trị này phải là văn bản.',
  'input.not_integer': 'Giá trị này phải là số nguyên.',
  'input.not_list': 'Giá trị này phải là một danh sách.',
  'input.not_object': 'Dữ liệu gửi lên không đúng cấu trúc.',
  'input.invalid_choice': 'Giá trị “{value}” không nằm trong các lựa chọn cho phép.',
  'input.invalid_date': 'Ngày không hợp lệ.',
  'input.unsafe_number':
    'Số này không phải số nguyên hoặc quá lớn để gửi dạng số; hãy gửi lượng dưới dạng chuỗi, ví dụ "500Gi".',

  'quantity.empty': 'Vui lòng nhập một lượng.',
  'quantity.malformed': '“{input}” không phải là một lượng hợp lệ (ví dụ: 500m, 1.5, 4Gi).',
  'quantity.negative': 'Lượng không được là số âm: “{input}”.',
  'quantity.cpu_sub_millicore': 'CPU phải là số nguyên millicore (bội số của 0,001 vCPU): “{input}” nhỏ hơn mức đó.',
  'quantity.bytes_fractional': 'Dung lượng phải là số byte nguyên: “{input}” không phải.',
  'quantity.count_fractional': 'Số lượng phải là số nguyên: “{input}” không phải.',
  'quantity.overflow': '“{input}” quá lớn.',
  'quantity.human_malformed':
    '“{input}” không phải là số hợp lệ. Dùng dấu phẩy cho phần thập phân và dấu chấm để nhóm hàng nghìn, ví dụ 1,5 hoặc 1.500.',
  'quantity.unit_missing': 'Hãy ghi rõ đơn vị, ví dụ 500 GiB hoặc 1,5 TiB.',
  'quantity.unit_unknown':
    'Đơn vị “{unit}” không dùng được ở đây: dung lượng dùng MiB, GiB, TiB (hoặc MB, GB, TB), CPU dùng vCPU, số lượng không có đơn vị.',
  'amount.below_zero': 'Kết quả sẽ nhỏ hơn 0.',
  'amount.overflow': 'Tổng vượt quá lượng lớn nhất cho phép.',
  'ratio.invalid': 'Tỷ lệ {numerator}/{denominator} không hợp lệ: tử số và mẫu số phải là số nguyên, mẫu số lớn hơn 0.',

  'resource.unknown': 'Không có tài nguyên nào tên là “{resource}”.',
  'resource.storage_class_unknown': 'Lớp lưu trữ “{storageClass}” không có trong trung tâm dữ liệu.',
  'resource.gpu_unavailable': 'Cụm máy chủ hiện không có GPU.',

  'name.required': 'Vui lòng nhập tên.',
  'name.too_long': 'Tên quá dài: {length} ký tự, tối đa {max}.',
  'name.invalid_characters': 'Tên chứa ký tự ẩn hoặc ký tự điều khiển.',
  'slug.empty':
    'Không tạo được tên định danh từ tên này; hãy nhập tên định danh (chữ thường không dấu, chữ số, dấu gạch ngang).',
  'slug.invalid':
    'Tên định danh “{slug}” chỉ được gồm chữ thường không dấu, chữ số và dấu gạch ngang, và không bắt đầu hay kết thúc bằng dấu gạch ngang.',
  'slug.too_long': 'Tên định danh quá dài: {length} ký tự, tối đa {max}.',
  'contact.name_required': 'Vui lòng nhập tên người liên hệ.',
  'contact.email_invalid': 'Địa chỉ thư điện tử “{email}” không hợp lệ.',
  'contact.phone_invalid': 'Số điện thoại “{phone}” không hợp lệ (ví dụ 0912 345 678 hoặc 0205 3812 345).',

  'project.security_level_invalid': 'Cấp độ an toàn hệ thống thông tin phải từ 1 đến 5 (Nghị định 85/2016/NĐ-CP).',
  'project.description_too_long': 'Mô tả quá dài: {length} ký tự, tối đa {max}.',
  'project.namespace_reserved':
    'Tên trên nền tảng “{namespace}” của hệ thống trùng với tên dành riêng cho nền tảng (Kubernetes và các thành phần của trung tâm dữ liệu), nên không thể cấp phát; hãy đổi tên định danh của hệ thống hoặc liên hệ trung tâm dữ liệu.',

  'request.kind_invalid': 'Loại yêu cầu “{kind}” không hợp lệ (cấp mới, tăng hoặc giảm).',
  'request.duplicate_line': 'Tài nguyên {resource} được nêu hai lần.',
  'request.no_amount': 'Hãy yêu cầu ít nhất một tài nguyên với lượng lớn hơn 0.',
  'request.justification_required': 'Vui lòng nêu lý do của yêu cầu.',
  'request.justification_too_long': 'Phần giải trình quá dài: {length} ký tự, tối đa {max}.',
  'request.end_date_not_future': 'Ngày kết thúc phải sau thời điểm hiện tại.',
  'request.end_date_not_allowed': 'Yêu cầu giảm hạn mức không có ngày kết thúc.',
  'request.end_date_after_allocation':
    'Phần tăng thêm kết thúc cùng lúc hoặc trước hạn mức mà nó bổ sung: chọn ngày không muộn hơn {endsAt}, hoặc để trống.',
  'request.backup_settings_required': 'Khi yêu cầu dung lượng sao lưu, hãy chọn lịch sao lưu và số ngày lưu giữ.',
  'request.retention_out_of_range': 'Số ngày lưu giữ phải là số nguyên từ {min} đến {max}.',
  'request.schedule_invalid':
    'Lịch sao lưu “{schedule}” không hợp lệ: chọn hằng ngày, hằng tuần, hoặc nhập biểu thức cron 5 trường với phút cố định.',
  'request.schedule_too_frequent':
    'Lịch “{schedule}” chạy {runs} lần một ngày; hệ thống cấp độ {level} được sao lưu nhiều nhất {max} lần một ngày.',
  'request.time_invalid': 'Giờ “{time}” không hợp lệ; dùng dạng HH:MM, ví dụ 02:00.',
  'request.no_active_allocation': 'Dự án chưa có hạn mức đang hiệu lực để tăng hoặc giảm; hãy gửi yêu cầu cấp mới.',
  'request.allocation_exists': 'Dự án đã có hạn mức; hãy gửi yêu cầu tăng hoặc giảm.',
  'request.decrease_exceeds_allocation': 'Không thể giảm {resource} đi {requested}: dự án hiện chỉ có {current}.',
  'request.version_invalid': 'Phiên bản của biểu mẫu không hợp lệ; hãy tải lại trang.',

  'request.stale': 'Yêu cầu đã được người khác thay đổi kể từ khi bạn mở nó; hãy tải lại trang để xem bản mới nhất.',
  'request.transition_not_allowed': 'Không thể thực hiện thao tác này ở trạng thái hiện tại của yêu cầu.',
  'request.role_not_allowed': 'Vai trò của bạn không được phép thực hiện thao tác này.',
  'request.reason_required': 'Vui lòng nêu lý do.',
  'request.reason_too_long': 'Lý do quá dài: {length} ký tự, tối đa {max}.',
  'request.requester_cannot_decide':
    'Người lập yêu cầu không thể tự phê duyệt, ký duyệt, từ chối hay trả lại yêu cầu của mình.',
  'request.submitter_cannot_decide':
    'Người đã gửi vòng xét duyệt này không thể phê duyệt, ký duyệt, từ chối hay trả lại nó.',
  'request.editor_cannot_decide':
    'Người đã soạn hoặc sửa nội dung của vòng xét duyệt này không thể phê duyệt, ký duyệt, từ chối hay trả lại nó.',
  'request.own_agency_cannot_decide':
    'Bạn thuộc cơ quan đề nghị (hoặc cơ quan cấp trên của cơ quan đó) nên không thể quyết định yêu cầu này; một cán bộ vận hành khác sẽ xét.',
  'request.duplicate_approval':
    'Bạn đã phê duyệt yêu cầu này; lần phê duyệt thứ hai phải do một cán bộ vận hành khác thực hiện.',
  'request.security_officer_cannot_approve':
    'Cán bộ an toàn thông tin chỉ ký duyệt về an toàn, không phê duyệt thay cán bộ vận hành.',
  'request.signer_cannot_approve':
    'Bạn đã ký duyệt an toàn cho yêu cầu này nên không thể phê duyệt thêm với vai trò vận hành.',
  'request.approver_cannot_sign_off':
    'Bạn đã phê duyệt yêu cầu này với vai trò vận hành nên không thể ký duyệt an toàn cho nó.',
  'request.security_review_not_required': 'Yêu cầu này không cần ý kiến của cán bộ an toàn thông tin.',
  'request.already_signed_off': 'Yêu cầu này đã được ký duyệt an toàn.',
  'request.decided_lines_mismatch': 'Lượng phê duyệt phải nêu đúng và đủ các tài nguyên đã được yêu cầu.',
  'request.decided_exceeds_requested':
    'Lượng phê duyệt cho {resource} ({decided}) vượt quá lượng được yêu cầu ({requested}).',
  'request.decided_all_zero': 'Phê duyệt với mọi lượng bằng 0 tức là từ chối; hãy dùng thao tác từ chối và nêu lý do.',
  'request.end_date_passed': 'Ngày kết thúc của yêu cầu đã qua; hãy trả lại để người yêu cầu cập nhật.',
  'request.not_yet_expired': 'Yêu cầu không có ngày kết thúc hoặc chưa đến ngày kết thúc.',
  'request.decrease_not_revocable': 'Không thể thu hồi một yêu cầu giảm hạn mức.',
  'request.auto_approval_not_allowed': 'Chính sách hiện hành không cho phép tự động phê duyệt loại yêu cầu này.',
  'request.auto_approval_needs_two_operators':
    'Tính cả những gì dự án được cấp trong {days} ngày qua, yêu cầu này cần hai cán bộ vận hành phê duyệt: quy tắc tự động không áp dụng.',
  'request.content_missing': 'Thiếu nội dung yêu cầu để lưu.',
  'auto_approval.nothing_to_add': 'Yêu cầu tăng không thêm tài nguyên nào.',
  'auto_approval.no_step': 'Quy tắc tự động không áp dụng cho {resource}: cán bộ vận hành sẽ xét.',
  'auto_approval.above_step':
    'Xin thêm {requested} {resource}, nhiều hơn một bước tự động ({step}): cán bộ vận hành sẽ xét.',
  'auto_approval.use_unknown': 'Chưa đo được mức đang dùng {resource} của dự án: cán bộ vận hành sẽ xét.',
  'auto_approval.use_stale': 'Số liệu đang dùng {resource} đã cũ: cán bộ vận hành sẽ xét.',
  'auto_approval.use_low': 'Dự án mới dùng {used} trên {current} {resource} (dưới {percent}%): cán bộ vận hành sẽ xét.',
  'auto_approval.pool_full':
    'Vùng tài nguyên {resource} chỉ còn {remaining}, không đủ {requested}: cán bộ vận hành sẽ xét.',

  'decimal.empty': 'Vui lòng nhập một số.',
  'decimal.malformed':
    '“{input}” không phải là số hợp lệ. Dùng dấu phẩy cho phần thập phân và dấu chấm để nhóm hàng nghìn, ví dụ 412,5 hoặc 1.250.',
  'decimal.negative': 'Không được là số âm: “{input}”.',
  'decimal.too_precise': '“{input}” có quá nhiều chữ số thập phân: tối đa {scale}.',
  'decimal.overflow': '“{input}” quá lớn.',
  ...budgetMessages.vi,
  'dated.not_future':
    'Ngày hiệu lực {date} phải sau hôm nay ({today}): một phiên bản mới không được tính lại những giờ đã qua.',
  'dated.date_taken': 'Đã có một phiên bản có hiệu lực từ {date}: mỗi ngày chỉ có một phiên bản.',
  'rate_card.duplicate_price': '{resource} xuất hiện hai lần.',
  'rate_card.price_missing': 'Chưa có đơn giá cho {resource}: mọi tài nguyên đều phải có giá (có thể là 0).',
  'rate_card.none_in_force': 'Chưa có bảng giá nào có hiệu lực vào {hour}.',
  'rate_card.resource_unpriced': 'Bảng giá có hiệu lực từ {date} không có đơn giá cho {resource}.',
  'footprint.none_in_force': 'Chưa có bộ hệ số phát thải nào có hiệu lực vào {hour}.',
  'footprint.medium_missing': 'Chưa chọn loại ổ đĩa và số bản sao cho {resource}.',
  'footprint.replicas_out_of_range': 'Số bản sao phải là số nguyên từ 1 đến {max}.',
  'footprint.min_above_max': 'Công suất khi nhàn rỗi không được lớn hơn công suất khi tải tối đa.',
  'footprint.utilisation_above_one': 'Mức sử dụng CPU mặc định phải từ 0 đến 1.',
  'footprint.pue_below_one': 'PUE không nhỏ hơn 1: trung tâm dữ liệu không thể dùng ít điện hơn máy chủ của nó.',
  'statement.basis_not_summed':
    'Số liệu tổng hợp theo ngày chưa có lượng “{basis}” của {resource} mà bảng giá tính phí: chưa lập được bảng kê.',

  'capacity.insufficient':
    'Không đủ {resource}: sức chứa {capacity}, đã cấp {allocated}, còn trống {remaining}, nhưng cần thêm {requested}.',
  'capacity.decrease_below_zero': 'Không thể giảm {resource} đi {requested}: dự án hiện chỉ có {current}.',
  ...agencyMessages.vi,
  ...backupMessages.vi,
  ...poolMessages.vi,
  ...systemMessages.vi,
  ...closureMessages.vi,
  ...policyMessages.vi,
} as const satisfies Record<DomainErrorCode, string>

const en = {
  'input.required': 'This field is required.',
  'input.not_text': 'This value must be text.',
  'input.not_integer': 'This value must be a whole number.',
  'input.not_list': 'This value must be a list.',
  'input.not_object': 'The data sent has the wrong structure.',
  'input.invalid_choice': '“{value}” is not one of the allowed choices.',
  'input.invalid_date': 'This is not a valid date.',
  'input.unsafe_number':
    'This number is not whole or too large to send as a number; send amounts as strings such as "500Gi".',

  'quantity.empty': 'Please enter an amount.',
  'quantity.malformed': '“{input}” is not a valid quantity (for example 500m, 1.5, 4Gi).',
  'quantity.negative': 'An amount cannot be negative: “{input}”.',
  'quantity.cpu_sub_millicore':
    'CPU must be a whole number of millicores (a multiple of 0.001 vCPU): “{input}” is finer than that.',
  'quantity.bytes_fractional': 'A size must be a whole number of bytes: “{input}” is not.',
  'quantity.count_fractional': 'A count must be a whole number: “{input}” is not.',
  'quantity.overflow': '“{input}” is too large.',
  'quantity.human_malformed':
    '“{input}” is not a valid number. Use a point for decimals and a comma for thousands, for example 1.5 or 1,500.',
  'quantity.unit_missing': 'Please give a unit, for example 500 GiB or 1.5 TiB.',
  'quantity.unit_unknown':
    'The unit “{unit}” cannot be used here: sizes take MiB, GiB, TiB (or MB, GB, TB), CPU takes vCPU, counts take no unit.',
  'amount.below_zero': 'The result would be below zero.',
  'amount.overflow': 'The total exceeds the largest amount allowed.',
  'ratio.invalid':
    'The ratio {numerator}/{denominator} is invalid: both must be whole numbers and the denominator above zero.',

  'resource.unknown': 'There is no resource called “{resource}”.',
  'resource.storage_class_unknown': 'The storage class “{storageClass}” does not exist in the data centre.',
  'resource.gpu_unavailable': 'The cluster has no GPUs.',

  'name.required': 'Please enter a name.',
  'name.too_long': 'The name is too long: {length} characters, at most {max}.',
  'name.invalid_characters': 'The name contains invisible or control characters.',
  'slug.empty':
    'No identifier can be made from this name; please type one (lowercase letters without accents, digits, hyphens).',
  'slug.invalid':
    'The identifier “{slug}” may contain only lowercase letters without accents, digits and hyphens, and may not start or end with a hyphen.',
  'slug.too_long': 'The identifier is too long: {length} characters, at most {max}.',
  'contact.name_required': 'Please enter the contact person’s name.',
  'contact.email_invalid': 'The e-mail address “{email}” is not valid.',
  'contact.phone_invalid': 'The phone number “{phone}” is not valid (for example 0912 345 678 or 0205 3812 345).',

  'project.security_level_invalid': 'The information system security level must be 1 to 5 (Decree 85/2016/NĐ-CP).',
  'project.description_too_long': 'The description is too long: {length} characters, at most {max}.',
  'project.namespace_reserved':
    'The system’s platform name “{namespace}” is reserved for the platform (Kubernetes and the data centre’s own components), so it cannot be provisioned; change the system’s identifier or contact the data centre.',

  'request.kind_invalid': 'The request kind “{kind}” is invalid (new, increase or decrease).',
  'request.duplicate_line': 'The resource {resource} is listed twice.',
  'request.no_amount': 'Ask for at least one resource with an amount above zero.',
  'request.justification_required': 'Please give a justification for the request.',
  'request.justification_too_long': 'The justification is too long: {length} characters, at most {max}.',
  'request.end_date_not_future': 'The end date must be in the future.',
  'request.end_date_not_allowed': 'A decrease has no end date.',
  'request.end_date_after_allocation':
    'An increase ends with or before the allocation it adds to: choose a date no later than {endsAt}, or leave it empty.',
  'request.backup_settings_required':
    'When asking for backup storage, choose a backup schedule and a retention period.',
  'request.retention_out_of_range': 'Retention must be a whole number of days from {min} to {max}.',
  'request.schedule_invalid':
    'The backup schedule “{schedule}” is invalid: choose daily or weekly, or type a five-field cron expression with a fixed minute.',
  'request.schedule_too_frequent':
    'The schedule “{schedule}” runs {runs} times a day; a level {level} system may be backed up at most {max} times a day.',
  'request.time_invalid': 'The time “{time}” is invalid; use HH:MM, for example 02:00.',
  'request.no_active_allocation':
    'The project has no active allocation to increase or decrease; file a new request instead.',
  'request.allocation_exists': 'The project already has an allocation; ask for an increase or a decrease.',
  'request.decrease_exceeds_allocation':
    '{resource} cannot be decreased by {requested}: the project only holds {current}.',
  'request.version_invalid': 'The form’s version is invalid; please reload the page.',

  'request.stale': 'Someone changed this request since you opened it; reload the page to see the latest version.',
  'request.transition_not_allowed': 'This action is not possible in the request’s current state.',
  'request.role_not_allowed': 'Your role does not allow this action.',
  'request.reason_required': 'Please give a reason.',
  'request.reason_too_long': 'The reason is too long: {length} characters, at most {max}.',
  'request.requester_cannot_decide': 'The person who filed a request cannot approve, sign off, reject or return it.',
  'request.submitter_cannot_decide':
    'Whoever submitted the round under review cannot approve, sign off, reject or return it.',
  'request.editor_cannot_decide':
    'Whoever wrote or edited the round under review cannot approve, sign off, reject or return it.',
  'request.own_agency_cannot_decide':
    'You belong to the agency that made this request (or to one above it), so you cannot decide it; another operator will.',
  'request.duplicate_approval':
    'You have already approved this request; the second approval must come from a different operator.',
  'request.security_officer_cannot_approve':
    'A security officer signs off on security; they cannot approve in an operator’s place.',
  'request.signer_cannot_approve':
    'You signed this request off for security, so you cannot also approve it as an operator.',
  'request.approver_cannot_sign_off':
    'You approved this request as an operator, so you cannot also sign it off for security.',
  'request.security_review_not_required': 'This request does not need a security officer’s decision.',
  'request.already_signed_off': 'This request has already been signed off.',
  'request.decided_lines_mismatch': 'The approved amounts must list exactly the resources that were requested.',
  'request.decided_exceeds_requested':
    'The amount approved for {resource} ({decided}) is more than was requested ({requested}).',
  'request.decided_all_zero': 'Approving zero of everything is a rejection; reject the request and give a reason.',
  'request.end_date_passed': 'The request’s end date has passed; return it so that the requester can update it.',
  'request.not_yet_expired': 'The request has no end date or has not reached it yet.',
  'request.decrease_not_revocable': 'A decrease cannot be revoked.',
  'request.auto_approval_not_allowed':
    'The current policy does not allow this kind of request to be approved automatically.',
  'request.auto_approval_needs_two_operators':
    'Counting what the project was granted in the last {days} days, this request needs two operators: the automatic rule does not apply.',
  'request.content_missing': 'The request content to save is missing.',
  'auto_approval.nothing_to_add': 'The increase adds nothing.',
  'auto_approval.no_step': 'The automatic rule does not cover {resource}: operators will decide.',
  'auto_approval.above_step':
    'It asks for {requested} more {resource}, above one automatic step ({step}): operators will decide.',
  'auto_approval.use_unknown': "The project's use of {resource} is not measured yet: operators will decide.",
  'auto_approval.use_stale': "The figure of the project's use of {resource} is out of date: operators will decide.",
  'auto_approval.use_low': 'The project uses {used} of {current} {resource} (below {percent}%): operators will decide.',
  'auto_approval.pool_full': 'The {resource} pool has only {remaining} left, not {requested}: operators will decide.',

  'decimal.empty': 'Please enter a number.',
  'decimal.malformed': '“{input}” is not a valid number (for example 412.5 or 1,250).',
  'decimal.negative': 'Cannot be negative: “{input}”.',
  'decimal.too_precise': '“{input}” has too many decimal places: at most {scale}.',
  'decimal.overflow': '“{input}” is too large.',
  ...budgetMessages.en,
  'dated.not_future':
    'The effective date {date} must be after today ({today}): a new version may not reprice hours already past.',
  'dated.date_taken': 'A version already takes effect on {date}: one version per day.',
  'rate_card.duplicate_price': '{resource} appears twice.',
  'rate_card.price_missing': '{resource} has no price: every resource must be priced (zero is a price).',
  'rate_card.none_in_force': 'No rate card was in force at {hour}.',
  'rate_card.resource_unpriced': 'The rate card in force from {date} does not price {resource}.',
  'footprint.none_in_force': 'No footprint coefficients were in force at {hour}.',
  'footprint.medium_missing': 'Choose the disk type and the number of copies for {resource}.',
  'footprint.replicas_out_of_range': 'Copies must be a whole number from 1 to {max}.',
  'footprint.min_above_max': 'Idle watts may not exceed full-load watts.',
  'footprint.utilisation_above_one': 'The assumed CPU use must be between 0 and 1.',
  'footprint.pue_below_one': 'PUE cannot be below 1: a data centre cannot use less power than its servers.',
  'statement.basis_not_summed':
    'The daily sums lack the “{basis}” quantity of {resource} that the rate card charges: the statement cannot be made.',

  'capacity.insufficient':
    'Not enough {resource}: capacity {capacity}, allocated {allocated}, free {remaining}, but {requested} more is needed.',
  'capacity.decrease_below_zero': '{resource} cannot be decreased by {requested}: the project only holds {current}.',
  ...agencyMessages.en,
  ...backupMessages.en,
  ...poolMessages.en,
  ...systemMessages.en,
  ...closureMessages.en,
  ...policyMessages.en,
} as const satisfies Record<DomainErrorCode, string>

/** Every domain message in both languages, keyed by DomainErrorCode. */
export const domainMessages = { vi, en } satisfies Record<Locale, Record<DomainErrorCode, string>>
